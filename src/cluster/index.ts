export { agglomerative } from './agglomerative.js';
export { ClusterError } from './errors.js';
export { type KMeansOptions, type KMeansResult, kmeans, kmeansPlusPlus } from './kmeans.js';
export {
  assertAgglomerativeFits,
  type Condensed,
  condensedDistances,
  cutTree,
  type LinkageMethod,
  linkage,
  MAX_AGGLOMERATIVE_ROWS,
  MAX_CONDENSED_BYTES,
} from './linkage.js';
