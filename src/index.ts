/**
 * The library API for TypeScript/JavaScript users: every stage as a namespace, plus the functions
 * most users want at the top level. Functions keep librosa's and scikit-learn's names and defaults.
 *
 *   import { decodeAudio, extractFeatures } from 'mir-cluster-playlist';
 *   const { samples, sampleRate } = await decodeAudio('track.flac');
 *   const { values } = extractFeatures(samples, sampleRate, 'full');   // values['mfcc.mean.3'], ...
 */
export * as analysis from './analysis/index.js';
export * as audio from './audio/index.js';
export * as cluster from './cluster/index.js';
export * as demo from './demo/index.js';
export * as dsp from './dsp/index.js';
export * as embed from './embed/index.js';
export * as evaluate from './evaluate/index.js';
export * as features from './features/index.js';
export * as library from './library/index.js';
export * as playlists from './playlists/index.js';
export * as report from './report/index.js';
export * as store from './store/index.js';

export { decodeAudio, DecodeError, readTags, resample } from './audio/index.js';
export { agglomerative, cutTree, hdbscan, kmeans, linkage } from './cluster/index.js';
export { pca, standardScale, trainAutoencoder, umap } from './embed/index.js';
export {
  adjustedMutualInfoScore,
  adjustedRandScore,
  chooseK,
  homogeneityCompletenessVMeasure,
  silhouetteScore,
  sweep,
} from './evaluate/index.js';
export { AnalysisError, extractFeatures, FEATURES_VERSION, featureNames } from './features/index.js';
export { readLibrary } from './library/index.js';
export { FeatureStore } from './store/index.js';
export type { Matrix } from './util/matrix.js';
