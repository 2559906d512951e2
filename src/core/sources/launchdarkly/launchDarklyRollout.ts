import type { FeatureFlag } from 'launchdarkly-api-typescript';
import { FlagLensError } from '../../errors';
import { noReleasePairMessage, releasePair } from '../rollout';
import type { SemanticInstruction } from './launchDarklyClient';
import { variationsOf } from './launchDarklyFlags';

/** The flag's on/off variations with the ids semantic patches name them by. */
function releaseIds(flag: FeatureFlag): { onId: string; offId: string; offIndex: number } {
  const variations = variationsOf(flag);
  const pair = releasePair(variations);
  if (!pair) throw new FlagLensError('unsupported', noReleasePairMessage(flag.key, variations));
  const onIndex = variations.findIndex((v) => v.name === pair.on);
  const offIndex = variations.findIndex((v) => v.name === pair.off);
  const onId = flag.variations?.[onIndex]?._id;
  const offId = flag.variations?.[offIndex]?._id;
  if (!onId || !offId) throw new FlagLensError('parse', `LaunchDarkly did not give the variation ids of '${flag.key}'; they are needed to change its rollout.`);
  return { onId, offId, offIndex };
}

/**
 * The default rule (fallthrough) becomes a percentage rollout between the on and off variations,
 * in LaunchDarkly's thousandths of a percent (sum 100000). The rollout's bucketing attribute and
 * context kind are kept when it already was one; targets and rules are left alone.
 */
export function rolloutInstructions(flag: FeatureFlag, environment: string, percent: number): SemanticInstruction[] {
  const { onId, offId } = releaseIds(flag);
  const on = Math.round(percent * 1000);
  const current = flag.environments?.[environment]?.fallthrough?.rollout;
  return [
    {
      kind: 'updateFallthroughVariationOrRollout',
      rolloutWeights: { [onId]: on, [offId]: 100000 - on },
      ...(current?.bucketBy ? { rolloutBucketBy: current.bucketBy } : {}),
      ...(current?.contextKind ? { rolloutContextKind: current.contextKind } : {}),
    },
  ];
}

/**
 * LaunchDarkly's own "everyone": targeting off serves the off variation to every context, targets
 * and rules included. The off variation is set to the flag's off (false) variation first when it
 * is something else; the default rule stays for the next release.
 */
export function unreleaseInstructions(flag: FeatureFlag, environment: string): SemanticInstruction[] {
  const { offId, offIndex } = releaseIds(flag);
  const config = flag.environments?.[environment];
  const instructions: SemanticInstruction[] = [];
  if (config?.offVariation !== offIndex) instructions.push({ kind: 'updateOffVariation', variationId: offId });
  instructions.push({ kind: 'turnFlagOff' });
  return instructions;
}
