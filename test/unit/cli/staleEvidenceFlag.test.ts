import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { runCliInProcess } from '../../support/cliInProcess';

const fixture = path.resolve(__dirname, '../../fixtures/flagd/basic');

describe('stale --evidence with flagd only', () => {
  it('reads nothing (flagd has no counts) and reports exactly what it reports without the option', async () => {
    const plain = await runCliInProcess(['stale', fixture, '--format', 'json'], fixture);
    const withEvidence = await runCliInProcess(['stale', fixture, '--format', 'json', '--evidence'], fixture);
    assert.equal(withEvidence.code, plain.code, withEvidence.stderr);
    const strip = (text: string) => text.replace(/"(generatedAt|fetchedAt)": "[^"]*"/g, '');
    assert.equal(strip(withEvidence.stdout), strip(plain.stdout));
    assert.equal(withEvidence.stderr, plain.stderr, 'no "without counts" line: nothing was asked');
  });
});
