import type { Locator, Page } from 'playwright-core';
import { tokenRectScript, treeRowsScript } from './pageScripts';

/**
 * Drives the VS Code workbench the way a person does: keyboard for Quick Open and the command
 * palette, the mouse for hovers. Selectors are the workbench's own stable class names.
 */
export class Workbench {
  constructor(readonly page: Page) {}

  async waitForReady(timeoutMs = 90_000): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs });
    // The explorer appears once the remote file system answered; before that key presses get lost.
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: timeoutMs });
  }

  /** Opens a workspace-relative file through Quick Open and waits until its editor is active. */
  async openFile(relativePath: string): Promise<Locator> {
    const name = relativePath.split('/').pop()!;
    await this.dismissOverlays();
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(relativePath);
    // Click the matching row rather than pressing Enter: results update asynchronously and the
    // focused row may still be a stale one (another recently opened file).
    const dir = relativePath.includes('/') ? relativePath.slice(0, relativePath.lastIndexOf('/')) : '';
    const rows = this.page.locator('.quick-input-list .monaco-list-row', { hasText: name });
    const row = dir ? rows.filter({ hasText: dir }).first() : rows.first();
    await row.waitFor({ timeout: 20_000 });
    const tab = this.page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`);
    for (let attempt = 0; ; attempt++) {
      await row.click();
      try {
        await tab.waitFor({ timeout: attempt < 2 ? 7_000 : 20_000 });
        break;
      } catch (error) {
        // A click can land while the list re-renders under load: the picker stays open, the row still in it (CI at 712d8b0).
        if (attempt >= 2 || !(await row.isVisible())) throw error;
      }
    }
    const editor = this.activeEditor();
    await editor.locator('.view-lines').waitFor({ timeout: 20_000 });
    return editor;
  }

  activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
  }

  /** Texts of every code lens in the active editor (one entry per lens, not per line). */
  async codeLensTexts(): Promise<string[]> {
    const lenses = this.activeEditor().locator('.codelens-decoration a, .codelens-decoration span:not(:has(*))');
    const texts = await lenses.allInnerTexts();
    return texts.map((t) => t.replace(/\u00a0/g, ' ').trim()).filter((t) => t.length > 0 && t !== '|');
  }

  async waitForCodeLens(predicate: (texts: string[]) => boolean, timeoutMs = 60_000): Promise<string[]> {
    return this.poll(() => this.codeLensTexts(), predicate, timeoutMs, 'code lenses');
  }

  /**
   * Moves the mouse onto the `occurrence`-th match of `text` on the editor line containing `lineText`
   * and returns the hover widget's text once `predicate` accepts it.
   */
  async hover(lineText: string, text: string, predicate: (hover: string) => boolean, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      await this.moveMouseAway();
      const box = await this.tokenBox(lineText, text);
      await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
      const hover = this.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').first();
      try {
        await hover.waitFor({ state: 'visible', timeout: 5000 });
        // Providers answer at different times; give the slower ones a moment to join the widget.
        const innerDeadline = Math.min(deadline, Date.now() + 8000);
        while (Date.now() < innerDeadline) {
          last = normalize(await this.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').allInnerTexts().then((t) => t.join('\n')));
          if (predicate(last)) return last;
          await this.page.waitForTimeout(300);
        }
      } catch {
        // no hover yet; move away and try again
      }
    }
    throw new Error(`hover over "${text}" on the line "${lineText}" never matched; last hover text:\n${last || '(none)'}`);
  }

  async moveMouseAway(): Promise<void> {
    await this.page.mouse.move(5, 5);
    await this.page.keyboard.press('Escape');
  }

  /** Screen rectangle of `text` inside the rendered editor line that contains `lineText`. */
  async tokenBox(lineText: string, text: string): Promise<{ x: number; y: number; width: number; height: number }> {
    const line = this.activeEditor().locator('.view-lines .view-line', { hasText: lineText }).first();
    const deadline = Date.now() + 10_000;
    // Monaco recycles line elements when it re-renders (a code lens arriving shifts every line), so
    // the element found may hold other text a moment later: measure again until it is stable.
    while (Date.now() < deadline) {
      await line.waitFor({ timeout: 10_000 });
      const box = await line.evaluate(tokenRectScript, text).catch(() => undefined);
      if (box && box.width > 0) return box;
      await this.page.waitForTimeout(200);
    }
    throw new Error(`"${text}" is not rendered on the line containing "${lineText}"`);
  }

  /** Runs a command by its palette title (e.g. "Flag Lens: Refresh") and leaves any follow-up UI open. */
  async runCommand(title: string): Promise<void> {
    await this.dismissOverlays();
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { has: this.page.locator('.label-name', { hasText: title }) }).first();
    await row.waitFor({ timeout: 20_000 });
    const rows = this.page.locator('.quick-input-list .monaco-list-row');
    // Pick the row whose label is exactly the title, not a longer command that merely contains it.
    const count = await rows.count();
    for (let i = 0; i < count; i++) {
      const label = normalize(await rows.nth(i).locator('.label-name').first().innerText());
      if (label === title) {
        await rows.nth(i).click();
        return;
      }
    }
    throw new Error(`no command titled "${title}" in the palette`);
  }

  /** Items of the open quick pick: their label and description/detail text. */
  async quickPickItems(): Promise<{ label: string; description: string }[]> {
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await rows.first().waitFor({ timeout: 20_000 });
    const items: { label: string; description: string }[] = [];
    for (const row of await rows.all()) {
      const label = normalize(await row.locator('.label-name').first().innerText().catch(() => ''));
      const description = normalize(await row.locator('.label-description, .quick-input-list-label-meta, .monaco-icon-label-container .label-description').allInnerTexts().then((t) => t.join(' ')));
      items.push({ label, description });
    }
    return items;
  }

  /** Filters the open quick pick by `text` and accepts the row whose label matches it. */
  async pickQuickPickItem(text: string, match: (label: string) => boolean = (label) => label.includes(text)): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 20_000 });
    await input.fill(text);
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      for (const row of await rows.all()) {
        const label = normalize(await row.locator('.label-name').first().innerText().catch(() => ''));
        if (match(label)) {
          await row.click();
          return;
        }
      }
      await this.page.waitForTimeout(200);
    }
    throw new Error(`no quick pick item matching "${text}"; items: ${JSON.stringify(await this.quickPickItems().catch(() => []))}`);
  }

  async quickInputVisible(): Promise<boolean> {
    return this.page.locator('.quick-input-widget').isVisible();
  }

  /** Opens the Problems panel and returns one text per marker row (message, source, position). */
  async problems(): Promise<string[]> {
    await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)').catch(async () => {
      await this.page.keyboard.press('Control+Shift+M');
    });
    const panel = this.page.locator('.markers-panel');
    await panel.waitFor({ timeout: 15_000 });
    const rows = panel.locator('.monaco-list-row');
    return (await rows.allInnerTexts()).map(normalize);
  }

  async waitForProblems(predicate: (rows: string[]) => boolean, timeoutMs = 60_000): Promise<string[]> {
    await this.problems();
    return this.poll(async () => (await this.page.locator('.markers-panel .monaco-list-row').allInnerTexts()).map(normalize), predicate, timeoutMs, 'Problems panel');
  }

  /** Rows of a side bar view (found by its pane header title): label and description of each tree item. */
  async viewRows(viewTitle: string): Promise<ViewRow[]> {
    const pane = this.page.locator('.pane', { has: this.page.locator('.pane-header', { hasText: new RegExp(viewTitle, 'i') }) }).first();
    await pane.waitFor({ timeout: 20_000 });
    const header = pane.locator('.pane-header').first();
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    const rows = await pane.locator('.pane-body').first().evaluate(treeRowsScript);
    return rows.map((row) => ({ ...row, label: normalize(row.label), description: normalize(row.description) }));
  }

  async waitForViewRows(viewTitle: string, predicate: (rows: ViewRow[]) => boolean, timeoutMs = 60_000): Promise<ViewRow[]> {
    return this.poll(() => this.viewRows(viewTitle), predicate, timeoutMs, `view "${viewTitle}"`);
  }

  /** Sets a boolean user setting through the Settings editor, as a person would, then closes it. */
  async setBooleanSetting(id: string, value: boolean): Promise<void> {
    await this.runCommand('Preferences: Open User Settings');
    // The Settings editor opens with its search box focused.
    await this.page.locator('.settings-editor .settings-header .suggest-input-container').first().waitFor({ timeout: 20_000 });
    await this.page.waitForTimeout(500);
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.type(id);
    // The search narrows the list to this one setting; its checkbox is the only one left.
    const checkbox = this.page.locator('.settings-editor .settings-body .setting-item-bool .setting-value-checkbox').first();
    await this.page.locator('.settings-editor .settings-body .setting-item-bool', { hasText: id.split('.').pop()!.replace(/([a-z])([A-Z])/g, '$1 $2') }).first().waitFor({ timeout: 20_000 }).catch(() => undefined);
    await checkbox.waitFor({ timeout: 20_000 });
    if (((await checkbox.getAttribute('aria-checked')) === 'true') !== value) await checkbox.click();
    for (let i = 0; i < 40 && ((await checkbox.getAttribute('aria-checked')) === 'true') !== value; i++) await this.page.waitForTimeout(250);
    if (((await checkbox.getAttribute('aria-checked')) === 'true') !== value) throw new Error(`could not set ${id} to ${value} in the Settings editor`);
    await this.page.keyboard.press('Control+W');
  }

  /** Drags the side bar's edge so it is `width` pixels wide (for readable screenshots). */
  async resizeSideBar(width: number): Promise<void> {
    const box = await this.page.locator('.part.sidebar').boundingBox();
    if (!box) return;
    const edge = box.x + box.width;
    await this.page.mouse.move(edge - 1, box.y + box.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + width, box.y + box.height / 2, { steps: 8 });
    await this.page.mouse.up();
  }

  async dismissOverlays(): Promise<void> {
    // Code action menus and context menus block pointer and key input until closed.
    for (const selector of ['.action-widget', '.context-view.monaco-component .monaco-menu', '.suggest-widget.visible']) {
      if (await this.page.locator(selector).first().isVisible()) await this.page.keyboard.press('Escape');
    }
    // A modal dialog left by an earlier step would swallow every key press that follows.
    const dialog = this.page.locator('.monaco-dialog-box');
    if (await dialog.isVisible()) {
      await this.page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
    }
    if (await this.page.locator('.quick-input-widget').isVisible()) await this.page.keyboard.press('Escape');
    await this.page.locator('.monaco-hover:not(.hidden)').first().isVisible().then(async (v) => v && this.page.keyboard.press('Escape'));
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: false });
  }

  private async poll<T>(read: () => Promise<T>, predicate: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: T | undefined;
    let lastError: unknown;
    while (Date.now() < deadline) {
      try {
        last = await read();
        if (predicate(last)) return last;
      } catch (error) {
        lastError = error;
      }
      await this.page.waitForTimeout(500);
    }
    const detail = last === undefined ? String(lastError) : JSON.stringify(last, null, 2);
    throw new Error(`${what} never matched within ${timeoutMs / 1000}s; last seen: ${detail}`);
  }
}

export interface ViewRow {
  label: string;
  description: string;
  /** Tree depth, 1 = top level. */
  level: number;
}

export function normalize(text: string): string {
  return text.replace(/\u00a0/g, ' ').replace(/[ \t]+/g, ' ').replace(/\n{2,}/g, '\n').trim();
}
