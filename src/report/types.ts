/**
 * The typed result of one run, as the report stage needs it. The pipeline (cli) fills it; the report
 * stage only reads it, so plots and report.html can be rebuilt from a saved copy (it is plain JSON).
 */

/** One analysed track as shown on the map, in lists and in plots. */
export interface ReportTrack {
  /** Absolute path of the audio file (shown on hover in lists; used as identity). */
  path: string;
  /** Link to the audio file relative to report.html, URL-encoded per segment (see `relativeHref`). */
  audioHref: string;
  /** Tag text, untrusted: never interpreted as markup. Empty string when absent. */
  title: string;
  artist: string;
  album: string;
  /** Normalised genre, or null when the file has none. Must be in `RunResult.genreOrder` when set. */
  genre: string | null;
  /** Duration in seconds. */
  durationSec: number;
  /** Cluster label, -1 = unassigned (noise of density clustering). */
  cluster: number;
  /** Index into `RunResult.playlists`, -1 when the track is in no playlist. */
  playlistIndex: number;
  /** 0-based position inside its playlist, -1 when none. */
  position: number;
  /** Coordinates of the 2-D map (any units; the map rescales). */
  xy: [number, number];
  /** Coordinates of the 3-D map. */
  xyz: [number, number, number];
  /** True when `--update` placed the track in this run (it was not in the earlier playlists). */
  added?: boolean;
}

/** One written playlist (one per cluster). */
export interface ReportPlaylist {
  /** 0-based index, as in `ReportTrack.playlistIndex`. */
  index: number;
  /** Cluster label this playlist holds (-1 for the unassigned tracks, if written). */
  cluster: number;
  /** Descriptive name, e.g. `bright-percussive-fast`. */
  name: string;
  /** Link to the .m3u8 file relative to report.html, URL-encoded per segment. */
  file: string;
  /** Indices into `RunResult.tracks`, in play order. */
  trackIndices: number[];
}

/** Per-file statistics of the frame-wise spectral centroid, in Hz. */
export interface CentroidStats {
  /** Index into `RunResult.tracks`. */
  track: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
}

/** A low-dimensional embedding of all tracks (one row per track, same order as `tracks`). */
export interface ReportEmbedding {
  /** File-safe id used in plot names, e.g. `pca2`, `ae3`, `umap2`. */
  name: string;
  /** Human name of the method, e.g. `PCA`, `Autoencoder`, `UMAP`. */
  label: string;
  /** Number of dimensions of `coords` rows: 1, 2 or 3. */
  dims: 1 | 2 | 3;
  /** `coords[i]` is the embedding of `tracks[i]`, length `dims`. */
  coords: number[][];
  /** Optional axis names, e.g. `['PC1 (31 %)', 'PC2 (12 %)']`. */
  axisLabels?: string[];
}

/** One clustering tried in the sweep, with its scores. */
export interface MetricRow {
  /** Feature space, e.g. `scaled`, `pca3`, `ae3`. */
  space: string;
  /** Clustering method, e.g. `kmeans`, `ward`, `average`, `hdbscan`. */
  method: string;
  /** Number of clusters requested (or found, for density methods). */
  k: number;
  /** Scores by sklearn name (`adjusted_rand`, `adjusted_mutual_info`, `homogeneity`, `completeness`,
   *  `v_measure`, `fowlkes_mallows`, `silhouette`, ...). null = undefined for this clustering. */
  metrics: Record<string, number | null>;
}

/** The clustering the playlists were made from. */
export interface ChosenClustering {
  space: string;
  method: string;
  k: number;
  /** Why it was chosen (e.g. `--k 8`, `best silhouette`). */
  reason: string;
  /** Its scores, named as in metrics.json (`v_measure`, `silhouette`, `n_labelled`, …); null = not computable. */
  metrics?: Record<string, number | null>;
}

/** A file that could not be used, and why. */
export interface ReportError {
  path: string;
  /** Stage that failed: `library`, `decode`, `analysis`, ... */
  stage: string;
  reason: string;
}

/** Everything the report stage draws. Arrays indexed by track follow `tracks` order. */
export interface RunResult {
  /** Page title, e.g. `mir-cluster-playlist: my library`. */
  title: string;
  /** ISO 8601 time of the run. */
  createdAt: string;
  /** Settings of the run shown in the report (CLI options, versions, seed). */
  settings: Record<string, string | number | boolean>;
  /** Genre-bias weight B in [0, 1]; > 0 means tags influenced the clusters (a banner says so). */
  genreBias: number;
  /**
   * What the tracks' `genre` values are, in titles and legends: `genre` (tags; the default),
   * `folder` (each track's folder name) or `label` (from a label file).
   */
  labelNoun?: string;
  /** What the map's positions are, e.g. `PCA of the scaled features` (said above the map). */
  mapSpace?: string;
  tracks: ReportTrack[];
  playlists: ReportPlaylist[];
  /** Colour order of the genres: similar-sounding genres adjacent. Tracks' genres are all in it. */
  genreOrder: string[];
  /** Column names of `features`. */
  featureNames: string[];
  /** Standard-scaled features, `features[i]` for `tracks[i]`. */
  features: number[][];
  /** Per-file spectral centroid statistics; the centroid plots are skipped when absent. */
  centroidStats?: CentroidStats[];
  embeddings: ReportEmbedding[];
  sweep: MetricRow[];
  /** k-means inertia against k, per space (space optional when there is one). */
  elbow: { space?: string; k: number; inertia: number }[];
  /** Silhouette coefficient of each track in the chosen clustering (tracks order); empty = skip. */
  silhouetteSamples: number[];
  chosen: ChosenClustering;
  /**
   * Optional "more like this": `lists[i]` holds the indices of track i's nearest tracks, nearest
   * first, in `space` (e.g. `PCA-32 of the scaled features`); `exact` is false when they were
   * found by an approximate search. The page shows them for the track that is playing.
   */
  moreLikeThis?: { space: string; exact: boolean; lists: number[][] };
  errors: ReportError[];
}
