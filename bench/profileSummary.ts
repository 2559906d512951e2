import * as fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time by function and by source file of a `--cpu-prof` profile: where the index phase spends its time. */
function summarize(file: string, top: number): string[] {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const frame = (byId.get(id) as ProfileNode).callFrame;
    const where = frame.url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, 'node_modules/').replace(/^.*\/work\/main\//, '');
    byFunction.set(`${frame.functionName || '(anonymous)'}  ${where}:${frame.lineNumber + 1}`, (byFunction.get(`${frame.functionName || '(anonymous)'}  ${where}:${frame.lineNumber + 1}`) ?? 0) + us);
    byFile.set(where || '(native)', (byFile.get(where || '(native)') ?? 0) + us);
    total += us;
  }
  // Inclusive time of the project's own functions: each sample counts once for every distinct function on its stack.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = (byId.get(at) as ProfileNode).callFrame;
      if (!frame.url.includes('/src/')) continue;
      seen.add(`${frame.functionName || '(anonymous)'}  ${frame.url.replace(/^.*\/work\/main\//, '')}:${frame.lineNumber + 1}`);
    }
    for (const name of seen) inclusive.set(name, (inclusive.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const format = (entries: Map<string, number>): string[] =>
    [...entries].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${name}`);
  return [`${file}: ${(total / 1000).toFixed(0)} ms sampled`, 'self time by file:', ...format(byFile), 'self time by function:', ...format(byFunction), 'inclusive time of src/ functions:', ...format(inclusive)];
}

for (const file of process.argv.slice(2)) console.log(summarize(file, 25).join('\n'));
