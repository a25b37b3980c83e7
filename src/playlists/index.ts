export { buildClusterPlaylists, type ClusterPlaylist, selectRows } from './cluster-playlists.js';
export {
  displayTitle,
  entryLine,
  formatM3u8,
  isInside,
  musicFolderOf,
  type M3u8Options,
  type PlaylistEntry,
  PlaylistError,
  playlistFileName,
  type WrittenPlaylist,
  writeClusterPlaylists,
  writeM3u8,
} from './m3u8.js';
export { type AxisEffect, clusterProfiles, nameClusters, namingAxes, parseFeatureName, safeName } from './naming.js';
export { approxKNearestLists, kNearestLists } from './neighbours.js';
export { MORE_LIKE_THIS_EXACT_MAX, type MoreLikeThis, moreLikeThis } from './more-like-this.js';
export { orderTour, type TourOptions, tourLength } from './tour.js';
export {
  appendColumns,
  genreColourOrder,
  genreContractedDistances,
  genreEmbedding,
  genreKey,
  genreMeans,
  id3v1Genre,
  normalizeGenre,
  primaryGenre,
  type TrackGenres,
} from './genre.js';
export { GENRE_ALIASES, ID3V1_GENRES } from './genre-table.js';
export { type NamedTrack, MAX_CANDIDATES, resolveTrack, TrackNameError, trackLabel } from './resolve.js';
export {
  distancesToRow,
  type Metric,
  type PathOptions,
  path,
  SearchError,
  type SimilarOptions,
  similar,
  smallestK,
  type TrackIdentity,
  worstDistanceToRows,
} from './search.js';
export {
  chooseSearchKey,
  DEFAULT_SEARCH_SPACE,
  defaultSearchRows,
  clustersCsvPaths,
  defaultClustersCsv,
  loadSearchRows,
  loadSearchSpace,
  parseCsv,
  projectSearchRows,
  projectSpace,
  type SearchRows,
  type SearchSpace,
  type SearchSpaceOptions,
  searchScaled,
} from './search-space.js';
export { type EarlierPlace, type UpdatedPlaylists, updatePlaylists } from './update-playlists.js';
