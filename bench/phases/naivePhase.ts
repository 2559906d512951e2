import { Node, Project, ts } from 'ts-morph';
import type { CorpusManifest } from '../generateCorpus';
import { startClock } from './memory';

export interface NaiveResult {
  /** Measured time, or the linear extrapolation from the sample to every file. */
  ms: number;
  measuredMs: number;
  /** CPU time, extrapolated the same way. */
  cpuMs: number;
  filesMeasured: number;
  files: number;
  extrapolated: boolean;
  callExpressions: number;
  sdkNamedCalls: number;
}

const sdkCallNames = new Set([
  'variation', 'variationDetail', 'boolVariation', 'stringVariation', 'numberVariation', 'jsonVariation',
  'boolVariationDetail', 'stringVariationDetail', 'numberVariationDetail', 'jsonVariationDetail',
  'getBooleanValue', 'getStringValue', 'getNumberValue', 'getObjectValue',
  'getBooleanDetails', 'getStringDetails', 'getNumberDetails', 'getObjectDetails',
  'isEnabled', 'getVariant', 'isOn', 'isOff', 'getFeatureValue', 'evalFeature', 'feature',
  'useFlags', 'useFlag', 'useBooleanFlagValue', 'useFeatureIsOn', 'useFeatureValue', 'useVariant',
]);

/**
 * What a straightforward ts-morph tool does: add every file to a Project and visit every call
 * expression, checking the callee name. `sample` files (spread over the corpus) stand in for all
 * of them when the full run would take too long; the time then scales linearly.
 */
export function runNaive(manifest: CorpusManifest, sample?: number): NaiveResult {
  const all = manifest.sourceFiles;
  const count = sample !== undefined && sample > 0 && sample < all.length ? sample : all.length;
  const step = all.length / count;
  const files = Array.from({ length: count }, (_, i) => all[Math.floor(i * step)] as string);
  const stop = startClock();
  const project = new Project({
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
    compilerOptions: { allowJs: true, jsx: ts.JsxEmit.ReactJSX },
  });
  for (const relative of files) project.addSourceFileAtPath(`${manifest.root}/${relative}`);
  let callExpressions = 0;
  let sdkNamedCalls = 0;
  for (const sourceFile of project.getSourceFiles()) {
    sourceFile.forEachDescendant((node) => {
      if (!Node.isCallExpression(node)) return;
      callExpressions++;
      const callee = node.getExpression();
      const name = Node.isPropertyAccessExpression(callee) ? callee.getName() : Node.isIdentifier(callee) ? callee.getText() : '';
      if (sdkCallNames.has(name)) sdkNamedCalls++;
    });
  }
  const { wallMs: measuredMs, cpuMs } = stop();
  const extrapolated = count < all.length;
  const scale = extrapolated ? all.length / count : 1;
  return { ms: measuredMs * scale, measuredMs, cpuMs: cpuMs * scale, filesMeasured: count, files: all.length, extrapolated, callExpressions, sdkNamedCalls };
}
