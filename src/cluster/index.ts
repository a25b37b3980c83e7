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
  SQUARE_MAX_BYTES,
} from './linkage.js';
export { dbscan, NOISE } from './dbscan.js';
export { boundClusterSizes, type SizeBoundOptions, sizeBounds } from './size-bounds.js';
export { type HdbscanOptions, type HdbscanResult, type HdbscanSelection, hdbscan, MAX_HDBSCAN_ROWS } from './hdbscan.js';
export { buildSortedProjection, kthNeighbourDistances, radiusNeighbours, type SortedProjection } from './neighbours.js';
export { wardCentroidChain } from './ward-centroid.js';
