import { useBooleanFlagValue } from '@openfeature/react-sdk';

/**
 * The team's wrapper around OpenFeature: every call site passes a flag key and gets a boolean,
 * defaulting to "off" so an outage of the flag provider never enables unfinished work.
 */
export function useFeature(flagKey: string): boolean {
  return useBooleanFlagValue(flagKey, false);
}
