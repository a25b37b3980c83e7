import assert from 'node:assert/strict';
import { test } from 'node:test';
import { condensedIndex } from '../../src/evaluate/index.js';
import {
  appendColumns,
  genreColourOrder,
  genreContractedDistances,
  genreEmbedding,
  genreMeans,
  normalizeGenre,
  primaryGenre,
} from '../../src/playlists/genre.js';
import { ID3V1_GENRES } from '../../src/playlists/genre-table.js';
import { cutTree, linkage } from '../../src/cluster/index.js';
import { adjustedRandScore, homogeneityScore } from '../../src/evaluate/index.js';
import { readGolden } from '../helpers.js';
import { fromRows, type Matrix, zeros } from '../../src/util/matrix.js';
import { createRng } from '../../src/util/rng.js';

test('the ID3v1 + Winamp table has 192 entries at the right numbers', () => {
  assert.equal(ID3V1_GENRES.length, 192);
  const spot: [number, string][] = [
    [0, 'Blues'],
    [17, 'Rock'],
    [24, 'Soundtrack'],
    [36, 'Game'],
    [52, 'Electronic'],
    [79, 'Hard Rock'],
    [80, 'Folk'],
    [125, 'Dance Hall'],
    [127, 'Drum & Bass'],
    [147, 'Synthpop'],
    [165, 'IDM'],
    [189, 'Dubstep'],
    [191, 'Psybient'],
  ];
  for (const [n, g] of spot) assert.equal(ID3V1_GENRES[n], g, `genre ${n}`);
  assert.equal(new Set(ID3V1_GENRES).size, 192);
});

test('normalizeGenre: case, spacing, ID3 numbers and multi-genre tags', () => {
  const cases: [string | string[] | null | undefined, string[]][] = [
    ['  rock ', ['Rock']],
    ['ROCK', ['Rock']],
    ['17', ['Rock']],
    ['(17)', ['Rock']],
    ['(17)Rock', ['Rock']],
    ['(17)(6)', ['Rock', 'Grunge']],
    ['(4)Eurodisco', ['Disco', 'Eurodisco']],
    ['(RX)(17)', ['Remix', 'Rock']],
    ['Rock; Pop', ['Rock', 'Pop']],
    ['Rock/Pop', ['Rock', 'Pop']],
    ['Rock,Pop , rock', ['Rock', 'Pop']],
    ['Rock\u0000Jazz', ['Rock', 'Jazz']],
    [['Rock', '8'], ['Rock', 'Jazz']],
    ['Pop/Funk', ['Pop/Funk']],
    ['hip hop', ['Hip-Hop']],
    ['Drum n Bass', ['Drum & Bass']],
    ['r&b', ['R&B']],
    ['Jazz+Funk', ['Jazz+Funk']],
    ['chiptune', ['Chiptune']],
    ['synth   WAVE', ['Synth Wave']],
    ['Électronique', ['Électronique']],
    ['255', []],
    ['(255)', []],
    ['', []],
    ['  ;  / ', []],
    [null, []],
    [undefined, []],
  ];
  for (const [raw, want] of cases) assert.deepEqual(normalizeGenre(raw), want, JSON.stringify(raw));
  assert.equal(primaryGenre('(17)(6)'), 'Rock');
  assert.equal(primaryGenre(''), null);
});

function blobs(perGenre: number, seed: number): { X: Matrix; genres: string[] } {
  // Five genres on a line in 3-D: A(0) B(1) C(2) D(3) E(4), given in a scrambled name order.
  const rng = createRng(seed);
  const centres: [string, number][] = [
    ['Delta', 3],
    ['Alpha', 0],
    ['Echo', 4],
    ['Charlie', 2],
    ['Bravo', 1],
  ];
  const rows: number[][] = [];
  const genres: string[] = [];
  for (const [g, x] of centres) {
    for (let t = 0; t < perGenre; t++) {
      rows.push([10 * x + rng.normal(), rng.normal(), 0.5 * rng.normal()]);
      genres.push(g);
    }
  }
  return { X: fromRows(rows), genres };
}

test('genreColourOrder puts similar-sounding genres next to each other, deterministically', () => {
  const { X, genres } = blobs(20, 1);
  const withNull: (string | null)[] = [...genres, null, null];
  const X2 = fromRows([...Array.from({ length: X.rows }, (_, i) => Array.from(X.data.subarray(i * 3, i * 3 + 3))), [100, 0, 0], [-100, 0, 0]]);
  const order = genreColourOrder(X2, withNull, 3);
  const line = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'];
  assert.ok(
    JSON.stringify(order) === JSON.stringify(line) || JSON.stringify(order) === JSON.stringify([...line].reverse()),
    order.join(' '),
  );
  assert.deepEqual(genreColourOrder(X2, withNull, 3), order);
  const { genres: names, means } = genreMeans(X, genres);
  assert.deepEqual(names, ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo']);
  assert.ok(Math.abs(means.data[3]! - 10) < 1.5);
});

test('genreEmbedding: zero at B = 0, per-genre constant rows scaled by B, zeros without genre', () => {
  const { X, genres } = blobs(10, 2);
  const g: (string | null)[] = [...genres];
  g[0] = null;
  const E0 = genreEmbedding(X, g, 0, 16);
  assert.ok(E0.data.every((v) => v === 0));
  const E1 = genreEmbedding(X, g, 1, 16);
  const Eh = genreEmbedding(X, g, 0.5, 16);
  assert.deepEqual(Array.from(E1.data.subarray(0, 3)), [0, 0, 0]);
  for (let i = 0; i < E1.data.length; i++) assert.ok(Math.abs(Eh.data[i]! - 0.5 * E1.data[i]!) < 1e-12);
  // Same genre, same row; different genres, different rows.
  assert.deepEqual(Array.from(E1.data.subarray(3, 6)), Array.from(E1.data.subarray(6, 9)));
  assert.notDeepEqual(Array.from(E1.data.subarray(3, 6)), Array.from(E1.data.subarray(33, 36)));
  const A = appendColumns(X, E1);
  assert.equal(A.cols, 6);
  assert.deepEqual(Array.from(A.data.subarray(6, 12)), [...X.data.subarray(3, 6), ...E1.data.subarray(3, 6)]);
  assert.throws(() => genreEmbedding(X, g, 1.5), /\[0, 1\]/);
});

test('genreContractedDistances: B = 0 equals plain distances even with shuffled genres; the rule for B > 0', () => {
  const rng = createRng(9);
  const n = 40;
  const X = zeros(n, 5);
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.normal();
  const genres: (string | null)[] = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : ['Rock', 'Jazz', 'Pop'][i % 3]!));
  const plain = genreContractedDistances(X, genres.map(() => null), 0);
  const zero = genreContractedDistances(X, genres, 0);
  const shuffled = genreContractedDistances(X, rng.shuffle([...genres]), 0);
  assert.deepEqual(zero, plain);
  assert.deepEqual(shuffled, plain);
  const half = genreContractedDistances(X, genres, 0.5);
  let contracted = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const p = condensedIndex(n, i, j);
      let s = 0;
      for (let k = 0; k < 5; k++) s += (X.data[i * 5 + k]! - X.data[j * 5 + k]!) ** 2;
      assert.ok(Math.abs(plain[p]! - Math.sqrt(s)) < 1e-12);
      const share = genres[i] !== null && genres[i] === genres[j];
      if (share) contracted++;
      assert.equal(half[p], share ? plain[p]! * 0.5 : plain[p]);
    }
  }
  assert.ok(contracted > 50);
  // Lists: any shared genre counts.
  const lists = genreContractedDistances(fromRows([[0], [2], [4]]), [['Rock', 'Pop'], ['Pop'], ['Jazz']], 0.25);
  assert.deepEqual(Array.from(lists), [1.5, 4, 2]);
  assert.throws(() => genreContractedDistances(X, genres, -0.1), /\[0, 1\]/);
});

test('genre-contracted average linkage reproduces sklearn on the golden geometry (factor 0.5)', () => {
  const g = readGolden<{
    Z: number[][];
    agglomerative_precomputed_average_genre_contracted: { genre: number[]; factor_same_genre: number; labels: Record<string, number[]> };
  }>('sklearn/geometry.json');
  const ref = g.agglomerative_precomputed_average_genre_contracted;
  const Z = fromRows(g.Z);
  const genres = ref.genre.map((x) => `g${x}`);
  const condensed = genreContractedDistances(Z, genres, 1 - ref.factor_same_genre);
  const tree = linkage({ condensed, n: Z.rows }, 'average');
  for (const [k, want] of Object.entries(ref.labels)) {
    const got = cutTree(tree, Z.rows, Number(k));
    assert.equal(adjustedRandScore(Array.from(got), want), 1, `k = ${k}`);
  }
});

test('genre bias 0.5 raises the homogeneity of average-linkage clusters with respect to genre; 0 ignores tags', () => {
  // Four overlapping genres in 6-D: sound alone separates them only partly.
  const rng = createRng(12);
  const n = 160;
  const X = zeros(n, 6);
  const genres: string[] = [];
  for (let i = 0; i < n; i++) {
    const g = i % 4;
    genres.push(['Ambient', 'Rock', 'Techno', 'Folk'][g]!);
    for (let k = 0; k < 6; k++) X.data[i * 6 + k] = (k === g ? 1.2 : 0) + rng.normal();
  }
  const labelsFor = (gs: (string | null)[], bias: number): Int32Array =>
    cutTree(linkage({ condensed: genreContractedDistances(X, gs, bias), n }, 'average'), n, 4);
  const plain = labelsFor(genres, 0);
  const h0 = homogeneityScore(genres, Array.from(plain));
  const h5 = homogeneityScore(genres, Array.from(labelsFor(genres, 0.5)));
  assert.ok(h5 > h0 + 0.2, `homogeneity ${h0} → ${h5}`);
  // At B = 0 shuffled or missing tags give the very same clusters.
  assert.deepEqual(labelsFor(createRng(1).shuffle([...genres]), 0), plain);
  assert.deepEqual(labelsFor(genres.map(() => null), 0), plain);
});
