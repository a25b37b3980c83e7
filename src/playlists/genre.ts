/**
 * Genre tags, used only in the genre-aware modes (tags are never features by default): normalised
 * genre strings, a colour order of genres by sound, per-track genre embeddings and
 * genre-contracted distances for guided hierarchical clustering.
 */
import { type Matrix, zeros } from '../util/matrix.js';
import { GENRE_ALIASES, ID3V1_GENRES } from './genre-table.js';
import { orderTour } from './tour.js';

/** Comparison key: lowercase letters and digits only, `&` and `+` read as "and", accents dropped. */
export function genreKey(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[&+]/g, 'and')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

const CANONICAL = new Map<string, string>();
for (const g of ID3V1_GENRES) CANONICAL.set(genreKey(g), g);
for (const [k, v] of Object.entries(GENRE_ALIASES)) CANONICAL.set(k, v);

/** The genre for an ID3v1 number (0–191), or undefined (255 and other numbers mean none). */
export function id3v1Genre(n: number): string | undefined {
  return Number.isInteger(n) && n >= 0 && n < ID3V1_GENRES.length ? ID3V1_GENRES[n] : undefined;
}

/** One genre name in canonical form: table spelling when known, else words capitalised. */
function canonical(text: string): string | undefined {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!t) return undefined;
  if (/^\d+$/.test(t)) return id3v1Genre(Number(t));
  const key = genreKey(t);
  if (!key) return undefined;
  const known = CANONICAL.get(key);
  if (known) return known;
  // Unknown genres: the same spelling up to case and spacing gives the same string.
  return t.toLowerCase().replace(/(^|[\s\-/])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** ID3v2.3 TCON form: `(17)`, `(17)(6)`, `(4)Eurodisco`, `((text` (a literal parenthesis). */
function parseId3Refs(s: string): string[] | undefined {
  if (!s.startsWith('(') || s.startsWith('((')) return undefined;
  const out: string[] = [];
  let rest = s;
  let lastRef: string | undefined;
  for (;;) {
    const m = /^\((\d+|RX|CR)\)/i.exec(rest);
    if (!m) break;
    const code = m[1]!;
    const g = /^\d+$/.test(code) ? id3v1Genre(Number(code)) : canonical(code);
    if (g) {
      out.push(g);
      lastRef = g;
    }
    rest = rest.slice(m[0].length);
  }
  if (rest === s) return undefined;
  rest = rest.trim();
  if (rest.startsWith('((')) rest = rest.slice(1);
  // `(17)Rock` repeats the number's name; `(4)Eurodisco` refines it and is kept after it.
  const refined = canonical(rest);
  if (refined && (lastRef === undefined || genreKey(refined) !== genreKey(lastRef))) out.push(refined);
  return out;
}

/**
 * The genres in one raw tag, normalised and in tag order without duplicates (the first is the
 * track's primary genre): case and spacing unified, ID3v1 numbers (`17`, `(17)`, `(17)Rock`,
 * `(17)(6)`) replaced by names from the ID3v1 + Winamp table, several genres split on NUL, `;`, `,`
 * and `/` (a whole name such as `Pop/Funk` is kept). Empty, `255` or unusable input gives [].
 */
export function normalizeGenre(raw: string | readonly string[] | null | undefined): string[] {
  if (raw === null || raw === undefined) return [];
  const inputs = typeof raw === 'string' ? [raw] : raw;
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (g: string | undefined): void => {
    if (!g) return;
    const k = genreKey(g);
    if (!k || seen.has(k)) return;
    seen.add(k);
    out.push(g);
  };
  for (const input of inputs) {
    if (typeof input !== 'string') continue;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL separates ID3v2.4 values.
    for (const part of input.split(/[\u0000;,]/)) {
      const p = part.replace(/\s+/g, ' ').trim();
      if (!p) continue;
      const refs = parseId3Refs(p);
      if (refs) {
        for (const g of refs) add(g);
        continue;
      }
      const whole = CANONICAL.get(genreKey(p));
      if (whole) {
        add(whole);
        continue;
      }
      for (const sub of p.split('/')) add(canonical(sub.startsWith('((') ? sub.slice(1) : sub));
    }
  }
  return out;
}

/** The primary (first) normalised genre of a raw tag, or null when it has none. */
export function primaryGenre(raw: string | readonly string[] | null | undefined): string | null {
  return normalizeGenre(raw)[0] ?? null;
}

/** Per-genre mean of the rows of `coords` (tracks with a null genre are left out). Genres sorted by name. */
export function genreMeans(coords: Matrix, genres: readonly (string | null | undefined)[]): { genres: string[]; means: Matrix } {
  if (genres.length !== coords.rows) throw new Error(`genreMeans: ${coords.rows} rows but ${genres.length} genres`);
  const names = [...new Set(genres.filter((g): g is string => typeof g === 'string' && g !== ''))].sort();
  const index = new Map(names.map((g, i) => [g, i]));
  const d = coords.cols;
  const means = zeros(names.length, d);
  const count = new Float64Array(names.length);
  for (let i = 0; i < coords.rows; i++) {
    const g = genres[i];
    const gi = g ? index.get(g) : undefined;
    if (gi === undefined) continue;
    count[gi]! += 1;
    for (let k = 0; k < d; k++) means.data[gi * d + k]! += coords.data[i * d + k]!;
  }
  for (let gi = 0; gi < names.length; gi++) for (let k = 0; k < d; k++) means.data[gi * d + k]! /= count[gi]!;
  return { genres: names, means };
}

/**
 * Genres in colour order: a short open tour (nearest neighbour + 2-opt + Or-opt, seeded) through
 * the genres' mean 3-D PCA coordinates, so neighbouring colours of a sequential map mean
 * neighbouring sound. Tracks without a genre are not in the order (they get a colour of their own).
 */
export function genreColourOrder(coords3d: Matrix, genres: readonly (string | null | undefined)[], seed: number): string[] {
  const { genres: names, means } = genreMeans(coords3d, genres);
  return orderTour(means, seed).map((i) => names[i]!);
}

/**
 * Per-track genre embedding to append to the encoder input: row i is B · w · m(g_i), where m(g) is
 * the mean of genre g's tracks in `coords3d` after dividing each coordinate by its standard
 * deviation over all tracks, and w = √(featureColumns / 3) so that at B = 1 the three genre columns
 * can carry as much variance as `featureColumns` standardised features. Tracks without a genre
 * get zeros (the all-track mean of the standardised coordinates is 0 for centred PCA output).
 * With the defaults (B = 1, featureColumns = 3) this is the plain standardised genre mean, for
 * callers that apply the weight themselves.
 */
export function genreEmbedding(
  coords3d: Matrix,
  genres: readonly (string | null | undefined)[],
  bias = 1,
  featureColumns = coords3d.cols,
): Matrix {
  checkBias(bias);
  const n = coords3d.rows;
  const d = coords3d.cols;
  const out = zeros(n, d);
  if (bias === 0 || n === 0) return out;
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) mean[k]! += coords3d.data[i * d + k]! / n;
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) sd[k]! += (coords3d.data[i * d + k]! - mean[k]!) ** 2 / n;
  const scaled = zeros(n, d);
  for (let k = 0; k < d; k++) sd[k] = Math.sqrt(sd[k]!) || 1;
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) scaled.data[i * d + k] = (coords3d.data[i * d + k]! - mean[k]!) / sd[k]!;
  const { genres: names, means } = genreMeans(scaled, genres);
  const index = new Map(names.map((g, i) => [g, i]));
  const w = bias * Math.sqrt(featureColumns / d);
  for (let i = 0; i < n; i++) {
    const g = genres[i];
    const gi = g ? index.get(g) : undefined;
    if (gi === undefined) continue;
    for (let k = 0; k < d; k++) out.data[i * d + k] = w * means.data[gi * d + k]!;
  }
  return out;
}

/** [X | E]: the columns of E appended to X (same rows). */
export function appendColumns(X: Matrix, E: Matrix): Matrix {
  if (X.rows !== E.rows) throw new Error(`appendColumns: ${X.rows} rows and ${E.rows} rows`);
  const cols = X.cols + E.cols;
  const out = zeros(X.rows, cols);
  for (let i = 0; i < X.rows; i++) {
    out.data.set(X.data.subarray(i * X.cols, (i + 1) * X.cols), i * cols);
    out.data.set(E.data.subarray(i * E.cols, (i + 1) * E.cols), i * cols + X.cols);
  }
  return out;
}

function checkBias(bias: number): void {
  if (!(Number.isFinite(bias) && bias >= 0 && bias <= 1)) throw new RangeError(`genre bias must be in [0, 1], got ${bias}`);
}


/** One track's genres as given: a single genre, a list (any shared one counts), or none. */
export type TrackGenres = string | readonly string[] | null | undefined;

/**
 * Condensed (scipy order, length n(n−1)/2) Euclidean distances between the rows of X, with the
 * distance of every pair that shares a genre multiplied by (1 − B): d'(i,j) = (1 − B)·d(i,j) when
 * tracks i and j both have a genre and have at least one genre in common (exact string equality of
 * normalised genres), else d'(i,j) = d(i,j). Tracks without a genre are never contracted. B in [0, 1];
 * B = 0 gives the plain distances, bit for bit.
 */
export function genreContractedDistances(X: Matrix, genres: readonly TrackGenres[], bias: number): Float64Array {
  checkBias(bias);
  const n = X.rows;
  if (genres.length !== n) throw new Error(`genreContractedDistances: ${n} rows but ${genres.length} genre entries`);
  const d = X.cols;
  const data = X.data;
  // Genre sets as small integer lists so the pair test is cheap.
  const ids = new Map<string, number>();
  const sets: Int32Array[] = genres.map((g) => {
    const list = g === null || g === undefined ? [] : typeof g === 'string' ? [g] : g;
    const out: number[] = [];
    for (const s of list) {
      if (typeof s !== 'string' || s === '') continue;
      let id = ids.get(s);
      if (id === undefined) {
        id = ids.size;
        ids.set(s, id);
      }
      if (!out.includes(id)) out.push(id);
    }
    return Int32Array.from(out.sort((a, b) => a - b));
  });
  const factor = 1 - bias;
  const out = new Float64Array((n * (n - 1)) / 2);
  let p = 0;
  for (let i = 0; i < n; i++) {
    const si = sets[i]!;
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const t = data[i * d + k]! - data[j * d + k]!;
        s += t * t;
      }
      let dist = Math.sqrt(s);
      if (bias !== 0 && si.length > 0) {
        const sj = sets[j]!;
        if (sj.length > 0 && sharesOne(si, sj)) dist *= factor;
      }
      out[p++] = dist;
    }
  }
  return out;
}

/** True when two sorted id lists have an element in common. */
function sharesOne(a: Int32Array, b: Int32Array): boolean {
  let x = 0;
  let y = 0;
  while (x < a.length && y < b.length) {
    if (a[x] === b[y]) return true;
    if (a[x]! < b[y]!) x++;
    else y++;
  }
  return false;
}
