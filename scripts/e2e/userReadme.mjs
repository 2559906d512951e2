// The README people see on the Extensions page. VS Code renders an installed extension's README
// with `img-src https: data:` and no base URL, so an image path inside the package never loads;
// the user README's images are inlined as data: URIs when the package (or the E2E install) is made.
import { readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';

export const userReadmeSource = join('media', 'marketplace', 'README.md');

const imageTypes = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.svg': 'image/svg+xml' };

/** The user README with every relative image (paths from the extension root) inlined. */
export function renderUserReadme(repoRoot) {
  const text = readFileSync(join(repoRoot, userReadmeSource), 'utf8');
  return text.replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (whole, alt, target) => {
    if (/^(https?|data):/i.test(target)) return whole;
    const type = imageTypes[extname(target).toLowerCase()];
    if (!type) throw new Error(`${userReadmeSource}: cannot inline ${target} (unknown image type)`);
    const data = readFileSync(join(repoRoot, target)).toString('base64');
    return `![${alt}](data:${type};base64,${data})`;
  });
}

export function writeUserReadme(repoRoot, file) {
  writeFileSync(file, renderUserReadme(repoRoot));
}
