import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { tierUpFlag, tierUpSettingFor } from '../../../src/cli/tierUpBudget';

const node20 = '11.3.244.8-node.38';
const node22 = '12.4.254.21-node.33';

describe('cli: the tier-up budget the launcher sets', () => {
  it('names the flag each measured V8 has, at four times its default, and nothing for another V8', () => {
    assert.equal(tierUpFlag([], node20), '--interrupt-budget=270336');
    assert.equal(tierUpFlag([], node22), '--invocation-count-for-turbofan=12000');
    assert.equal(tierUpFlag(['--enable-source-maps', '--max-old-space-size=4096'], node20), '--interrupt-budget=270336');
    for (const other of ['13.6.233.10-node.27', '12.8.374.38-electron.0', '11.8.172.17-node.15', '']) {
      assert.equal(tierUpSettingFor(other), undefined, other);
      assert.equal(tierUpFlag([], other), undefined, other);
    }
  });

  it('leaves the flag alone when the node command line sets it, in every spelling V8 takes', () => {
    for (const arg of ['--interrupt-budget=1000', '-interrupt-budget=1000', '--interrupt_budget=1000', '-interrupt_budget=1000']) assert.equal(tierUpFlag([arg], node20), undefined, arg);
    for (const arg of ['--invocation-count-for-turbofan=5', '-invocation-count-for-turbofan=5', '--invocation_count_for_turbofan=5']) assert.equal(tierUpFlag([arg], node22), undefined, arg);
    // Flags that merely start alike, and the other V8's flag, choose nothing.
    assert.equal(tierUpFlag(['--interrupt-budget-for-feedback-allocation=100'], node20), '--interrupt-budget=270336');
    assert.equal(tierUpFlag(['--invocation-count-for-turbofan=5'], node20), '--interrupt-budget=270336');
  });

  it('NODE_OPTIONS cannot carry the flag, so only the command line is looked at', () => {
    const flag = `--${(tierUpSettingFor(process.versions.v8) ?? tierUpSettingFor(node20)!).flag}=1000`;
    const run = spawnSync(process.execPath, ['-e', '0'], { env: { ...process.env, NODE_OPTIONS: flag }, encoding: 'utf8' });
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /not allowed in NODE_OPTIONS/);
  });

  it('for this Node, the table matches V8\'s own flag and default, and setting it prints nothing', () => {
    const setting = tierUpSettingFor(process.versions.v8);
    if (!setting) {
      // A V8 that was not measured: the launcher sets nothing, so there is nothing to check.
      assert.equal(tierUpFlag([]), undefined);
      return;
    }
    const options = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    assert.match(options.stdout, new RegExp(`default: --${setting.flag}=${setting.defaultValue}\\b`), `V8 ${process.versions.v8} has --${setting.flag} with default ${setting.defaultValue}`);
    const flag = tierUpFlag([])!;
    const script = `require('node:v8').setFlagsFromString(${JSON.stringify(flag)}); let s = 0; for (let i = 0; i < 1e6; i++) s += i; console.log(s);`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.deepEqual([run.status, run.stdout.trim(), run.stderr], [0, '499999500000', '']);
  });
});
