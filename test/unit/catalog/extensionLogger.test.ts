import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { createLogger } from '../../../src/extension/logger';

/** Records what reaches the Output channel; the logger needs only the five level methods. */
function recordingChannel(): { channel: vscode.LogOutputChannel; lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string) => lines.push(`${level} ${message}`);
  const channel = { trace: record('trace'), debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  return { channel: channel as unknown as vscode.LogOutputChannel, lines };
}

describe('extension logger: tokens never reach the Output panel', () => {
  it('redacts the stored tokens and anything token-shaped, on every level', () => {
    const { channel, lines } = recordingChannel();
    const token = 'my-very-secret-ld-token-1234';
    const logger = createLogger(channel, () => [token]);
    logger.info(`connecting with ${token}`);
    logger.warn('request failed', { headers: { Authorization: 'Bearer abc.def.ghi' } });
    logger.error(new Error(`401 for token=${token}`));
    logger.debug('unleash token *:development.0123456789abcdef0123456789');
    logger.trace('password: hunter22 in a config dump');
    assert.equal(lines.length, 5);
    for (const line of lines) {
      assert.doesNotMatch(line, /my-very-secret|abc\.def\.ghi|0123456789abcdef0123|hunter22/, line);
    }
    assert.match(lines[0]!, /^info connecting with \*\*\*$/);
    assert.match(lines[2]!, /^error 401 for token=\*\*\*$/);
  });

  it('picks up tokens stored after it was created', () => {
    const { channel, lines } = recordingChannel();
    const known: string[] = [];
    const logger = createLogger(channel, () => known);
    known.push('late-arriving-secret');
    logger.info('using late-arriving-secret now');
    assert.equal(lines[0], 'info using *** now');
  });
});
