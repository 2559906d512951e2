export * from './model';
export { detectStaleFlags, analyzeStaleFlags } from './detectStaleFlags';
export { parseStaleConfig, mergeThresholds, type StaleConfigResult } from './staleConfig';
export { closestKey, collapseKey } from './rules/closestKey';
