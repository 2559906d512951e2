import * as ld from '@launchdarkly/node-server-sdk';
import { FlagKey } from '../flags/keys';

const ldClient = ld.init(process.env.LAUNCHDARKLY_SDK_KEY ?? '');

export async function paymentProvider(userKey: string): Promise<'legacy' | 'stripe'> {
  const context = { kind: 'user', key: userKey };
  const useLegacy = await ldClient.variation(FlagKey.LegacyPayments, context, false);
  return useLegacy ? 'legacy' : 'stripe';
}
