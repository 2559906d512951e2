import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { cliInterruptBudget, tierUpFlag } from '../../../src/cli/tierUpBudget';

describe('cli: the tier-up budget the launcher sets', () => {
  it('raises V8\'s interrupt budget above Node 20\'s default unless the user chose one', () => {
    assert.ok(cliInterruptBudget > 67_584);
    assert.equal(tierUpFlag([]), `--interrupt-budget=${cliInterruptBudget}`);
    assert.equal(tierUpFlag(['--enable-source-maps', '--max-old-space-size=4096']), `--interrupt-budget=${cliInterruptBudget}`);
  });

  it('leaves a budget from the node command line alone, in either spelling', () => {
    assert.equal(tierUpFlag(['--interrupt-budget=1000']), undefined);
    assert.equal(tierUpFlag(['--interrupt_budget=1000']), undefined);
    // Other flags that merely start alike are not a budget.
    assert.equal(tierUpFlag(['--interrupt-budget-for-feedback-allocation=100']), `--interrupt-budget=${cliInterruptBudget}`);
  });

  it('NODE_OPTIONS cannot carry a budget, so only the command line is looked at', () => {
    const run = spawnSync(process.execPath, ['-e', '0'], { env: { ...process.env, NODE_OPTIONS: '--interrupt-budget=1000' }, encoding: 'utf8' });
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /not allowed in NODE_OPTIONS/);
  });

  it('is a flag this Node\'s V8 accepts', () => {
    const flag = tierUpFlag([])!;
    const script = `require('node:v8').setFlagsFromString(${JSON.stringify(flag)}); let s = 0; for (let i = 0; i < 1e6; i++) s += i; console.log(s);`;
    const run = spawnSync(process.execPath, ['-e', script], { cwd: path.resolve(__dirname), encoding: 'utf8' });
    assert.deepEqual([run.status, run.stdout.trim(), run.stderr], [0, '499999500000', '']);
    const options = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    assert.match(options.stdout, /^\s*--interrupt-budget \(/m, 'V8 still has the flag');
  });
});
