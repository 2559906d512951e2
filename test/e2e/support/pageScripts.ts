/**
 * Runs in the page. The project compiles without DOM types, so the body is source text turned into a
 * real function (Playwright serializes functions with toString(); a plain string would only be
 * evaluated, not called with the element). Returns the screen rectangle of the
 * first occurrence of `needle` in the rendered text of `element`, measured with a DOM Range so the
 * mouse can rest on exactly that token. Monaco renders spaces as U+00A0; matching ignores that.
 */
const tokenRectBody = String.raw`
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let full = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push(node);
    full += (node.textContent || '').replace(/\u00a0/g, ' ');
  }
  const start = full.indexOf(needle);
  if (start < 0) return undefined;
  const end = start + needle.length;
  const range = document.createRange();
  let offset = 0;
  for (const node of nodes) {
    const length = (node.textContent || '').length;
    if (start >= offset && start <= offset + length) range.setStart(node, start - offset);
    if (end >= offset && end <= offset + length) { range.setEnd(node, end - offset); break; }
    offset += length;
  }
  const rect = range.getBoundingClientRect();
  return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
`;

export const tokenRectScript = new Function('element', 'needle', tokenRectBody) as (element: unknown, needle: string) => { x: number; y: number; width: number; height: number } | undefined;

const treeRowsBody = String.raw`
  // Rows are positioned absolutely and may sit in the DOM out of order; data-index is the visual order.
  return Array.from(element.querySelectorAll('.monaco-list-row'))
    .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
    .map((row) => {
      const text = (selector) => ((row.querySelector(selector) || {}).innerText || '').replace(/\u00a0/g, ' ').trim();
      return { label: text('.label-name'), description: text('.label-description'), level: Number(row.getAttribute('aria-level')) || 0 };
    });
`;

/** Label, description and depth of every rendered row of a tree, read in one round trip. */
export const treeRowsScript = new Function('element', treeRowsBody) as (element: unknown) => { label: string; description: string; level: number }[];

const clippedRowsBody = String.raw`
  // A label or description is cut when its text runs past the label container, which hides the overflow.
  return Array.from(element.querySelectorAll('.monaco-list-row'))
    .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
    .map((row) => {
      const container = row.querySelector('.monaco-icon-label-container');
      // When anything overflows, the container draws its ellipsis over the last visible characters:
      // text that ends within an ellipsis' width of the edge is hidden under it too.
      const overflows = !!container && container.scrollWidth > container.clientWidth + 1;
      const right = container ? container.getBoundingClientRect().right + 0.5 - (overflows ? 14 : 0) : Infinity;
      const past = (selector) => {
        const node = row.querySelector(selector);
        return !!node && (node.innerText || '').trim() !== '' && node.getBoundingClientRect().right > right;
      };
      const label = ((row.querySelector('.label-name') || {}).innerText || '').replace(/\u00a0/g, ' ').trim();
      return { label, labelCut: past('.label-name'), descriptionCut: past('.label-description') };
    });
`;

/** For every rendered row of a tree: whether its label or its description is cut off (ellipsis) at the current width. */
export const clippedRowsScript = new Function('element', clippedRowsBody) as (element: unknown) => { label: string; labelCut: boolean; descriptionCut: boolean }[];
