/**
 * Playlists that keep an earlier run's: the tracks placed then stay in their playlist and order,
 * new tracks join the playlist of their nearest placed tracks, inserted where they lengthen the
 * playlist's path through the features least. Users who add an album a week keep their playlists.
 */
import { type Matrix, sqDist } from '../util/matrix.js';
import type { ClusterPlaylist } from './cluster-playlists.js';
import { distancesToRow, SearchError, smallestK } from './search.js';

/** Where a track was in the earlier run. */
export interface EarlierPlace {
  /** Playlist name (`dark-airy-smooth`, `unassigned`). */
  playlist: string;
  /** Playlist number in the earlier run (1-based, from its file name): keeps the playlists' order. */
  number: number;
  /** Position in that playlist (1-based). */
  position: number;
}

/** The kept and extended playlists, with cluster labels by playlist (−1 for `unassigned`). */
export interface UpdatedPlaylists {
  playlists: ClusterPlaylist[];
  labels: Int32Array;
  /** Tracks that kept their earlier place, and tracks placed now. */
  kept: number;
  added: number;
}

/**
 * Places the tracks without an earlier place (`earlier[i]` undefined) by a vote of their
 * `neighbours` nearest placed tracks in `search`, weighted by inverse distance, and inserts each
 * into its playlist at the cheapest point of the open path through `points` (Euclidean). Earlier
 * playlists none of whose tracks is left are gone; the rest keep their earlier order.
 */
export function updatePlaylists(
  points: Matrix,
  search: Matrix,
  earlier: readonly (EarlierPlace | undefined)[],
  opts: { neighbours?: number } = {},
): UpdatedPlaylists {
  const n = points.rows;
  if (search.rows !== n || earlier.length !== n) throw new Error(`updatePlaylists: ${n} points, ${search.rows} search rows, ${earlier.length} places`);
  const placed: number[] = [];
  for (let i = 0; i < n; i++) if (earlier[i] !== undefined) placed.push(i);
  if (placed.length === 0) throw new SearchError('none of the earlier playlists’ tracks is in the library any more: nothing to keep');

  // Earlier playlists in their earlier order; members by earlier position.
  const lists = new Map<string, { number: number; members: number[] }>();
  for (const i of placed) {
    const e = earlier[i]!;
    const l = lists.get(e.playlist);
    if (l) l.members.push(i);
    else lists.set(e.playlist, { number: e.number, members: [i] });
  }
  for (const l of lists.values()) l.members.sort((a, b) => earlier[a]!.position - earlier[b]!.position || a - b);

  const k = Math.min(opts.neighbours ?? 5, placed.length);
  // Only placed tracks vote: every new one is excluded from the neighbour search.
  const unplaced = Uint8Array.from(earlier, (e) => (e === undefined ? 1 : 0));
  const dist = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (earlier[i] !== undefined) continue;
    distancesToRow(search, i, 'euclidean', dist);
    const near = smallestK(dist, unplaced, k);
    // Votes weighted by inverse distance (sklearn's weights='distance'): two close tracks of one
    // playlist outweigh three far ones of another; a zero distance (the same features) decides alone.
    const votes = new Map<string, number>();
    const exact = near.filter((j) => dist[j] === 0);
    for (const j of exact.length > 0 ? exact : near) {
      const name = earlier[j]!.playlist;
      votes.set(name, (votes.get(name) ?? 0) + (dist[j] === 0 ? 1 : 1 / dist[j]!));
    }
    let chosen = earlier[near[0]!]!.playlist;
    for (const [name, w] of votes) if (w > votes.get(chosen)!) chosen = name;
    const members = lists.get(chosen)!.members;
    members.splice(cheapestInsertion(points, members, i), 0, i);
  }

  const ordered = [...lists.entries()].sort((a, b) => (a[0] === 'unassigned' ? 1 : 0) - (b[0] === 'unassigned' ? 1 : 0) || a[1].number - b[1].number);
  const labels = new Int32Array(n).fill(-1);
  const playlists: ClusterPlaylist[] = [];
  let label = 0;
  for (const [name, l] of ordered) {
    const lab = name === 'unassigned' ? -1 : label++;
    for (const m of l.members) labels[m] = lab;
    playlists.push({ label: lab, name, members: l.members });
  }
  return { playlists, labels, kept: placed.length, added: n - placed.length };
}

/** The index at which inserting `t` into the open path `members` adds the least length. */
function cheapestInsertion(points: Matrix, members: readonly number[], t: number): number {
  const d = (a: number, b: number): number => Math.sqrt(sqDist(points.data, points.cols, a, b));
  // Each member's distance to t once: every inner position uses two of them.
  const toT = members.map((m) => d(m, t));
  let at = 0;
  let cost = toT[0]!;
  if (toT[members.length - 1]! < cost) {
    at = members.length;
    cost = toT[members.length - 1]!;
  }
  for (let p = 1; p < members.length; p++) {
    const c = toT[p - 1]! + toT[p]! - d(members[p - 1]!, members[p]!);
    if (c < cost) {
      at = p;
      cost = c;
    }
  }
  return at;
}
