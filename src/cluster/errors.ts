/** Error for clustering requests that cannot be met (bad k, too many rows for the method, bad input). */
export class ClusterError extends Error {
  override readonly name = 'ClusterError';
}
