import { OpenFeature } from '@openfeature/server-sdk';
import { FLAGS } from '../flags/keys';

const client = OpenFeature.getClient('recommendations');

export async function recommend(userId: string, plan: string, skus: string[]): Promise<string[]> {
  const engine = await client.getStringValue(FLAGS.recommendations, 'classic', { targetingKey: userId, plan });
  return engine === 'ml-v1' ? [...skus].reverse() : skus.slice(0, 3);
}

/** Experiments are named at run time, so their keys cannot be known statically. */
export async function isInExperiment(userId: string, experiment: string): Promise<boolean> {
  return client.getBooleanValue(`experiment-${experiment}`, false, { targetingKey: userId });
}
