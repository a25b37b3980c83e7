import type { StoredTrack } from '../../store/index.js';

/**
 * The tracks in the order they are clustered in: by path. `run` gets them in the order of its
 * inputs and `cluster` in the store's; UMAP's and k-means' draws follow the rows, so one fixed
 * order makes the same library and seed give the same playlists however it was listed.
 */
export function clusteringOrder(tracks: readonly StoredTrack[]): StoredTrack[] {
  return [...tracks].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
