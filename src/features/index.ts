export { TrackContext } from './context.js';
export { AnalysisError } from './errors.js';
export { checkSignal, DESCRIPTIVE_NAMES, type ExtractOptions, type ExtractResult, extractFeatures, MIN_SAMPLES, SILENCE_PEAK } from './extract.js';
export { README16 } from './readme16.js';
export { BARK_EDGES_HZ, DESCRIPTORS, type Descriptor, type FrameSeries } from './registry.js';
export {
  descriptorOfValue,
  entryNames,
  DEFAULT_FEATURE_SET,
  FEATURE_SET_NAMES,
  FEATURE_SETS,
  FEATURES_VERSION,
  type FeatureSetName,
  featureNames,
  isFeatureSetName,
  isPowerValue,
  type SetEntry,
  type Summary,
} from './sets.js';
export { clipStats, mean, percentileSorted } from './summaries.js';
