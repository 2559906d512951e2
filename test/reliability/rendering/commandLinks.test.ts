import assert from 'node:assert/strict';
import { commandLink, flagLinkCommands, type FlagLinkCommand } from '../../../src/core/catalog/present/commandLinks';
import { FlagLensError } from '../../../src/core/errors';
import { argumentsVsCodeWouldPass } from './hoverSupport';
import { hostileValues } from './hostileValues';
import { inspectMarkdown } from './markdownTokens';

describe('reliability: command links are built in one place, for a fixed list of commands', () => {
  it('links only to toggle, change rollout, references, open, and (taking no arguments) connect a source or show output', () => {
    assert.deepEqual(
      [...flagLinkCommands],
      [
        'flaglens.toggleFlag',
        'flaglens.changeRollout',
        'flaglens.findReferences',
        'flaglens.openInDashboard',
        'flaglens.openReference',
        'flaglens.useFlagdFile',
        'flaglens.connectLaunchDarkly',
        'flaglens.connectUnleash',
        'flaglens.showOutput',
      ],
    );
    for (const command of ['workbench.action.terminal.sendSequence', 'flaglens.cleanupFlag', 'flaglens.toggleFlag ', 'flaglens.signOut']) {
      assert.throws(() => commandLink(command as FlagLinkCommand, { key: 'k' }), (error: unknown) => FlagLensError.is(error, 'usage'));
      assert.throws(() => commandLink(command as FlagLinkCommand), (error: unknown) => FlagLensError.is(error, 'usage'));
    }
    assert.equal(commandLink('flaglens.connectUnleash'), 'command:flaglens.connectUnleash', 'no arguments, no query');
  });

  it('a reference link carries any file path unchanged to the command', () => {
    for (const value of [...hostileValues, 'a)b', "it's", '100%', 'C:\\work\\a b.ts']) {
      const args = { key: 'k', file: `/w/${value}`, line: 6, folder: 'file:///w' };
      const uri = commandLink('flaglens.openReference', args);
      const links = inspectMarkdown(`[x.ts:7](${uri})`).links;
      assert.equal(links.length, 1, uri);
      assert.deepEqual(argumentsVsCodeWouldPass(links[0]!.href), { command: 'flaglens.openReference', args: [args] }, JSON.stringify(value));
    }
  });

  it('any key reaches the command unchanged through the Markdown link and VS Code decoding it twice', () => {
    const keys = [...hostileValues, 'a)b', "it's", 'a%22,%22key%22:%22victim', '%E0%A4%A', '100%', 'x" "y', '\u2028', ''];
    for (const key of keys) {
      const args = { key, sourceId: `flagd:${key}`, environment: key, folder: 'file:///w' };
      const uri = commandLink('flaglens.toggleFlag', args);
      const links = inspectMarkdown(`[Toggle](${uri}) after`).links;
      assert.equal(links.length, 1, `${JSON.stringify(key)}: ${uri}`);
      assert.equal(links[0]!.href, uri, `the destination ends where Flag Lens ended it: ${JSON.stringify(key)}`);
      assert.deepEqual(argumentsVsCodeWouldPass(links[0]!.href), { command: 'flaglens.toggleFlag', args: [args] }, JSON.stringify(key));
    }
  });
});
