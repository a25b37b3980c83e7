import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type EarlierPlace, updatePlaylists } from '../../src/playlists/index.js';
import { SearchError } from '../../src/playlists/search.js';
import type { Matrix } from '../../src/util/matrix.js';

const points = (xy: [number, number][]): Matrix => ({ rows: xy.length, cols: 2, data: Float64Array.from(xy.flat()) });
const at = (playlist: string, number: number, position: number): EarlierPlace => ({ playlist, number, position });

test('placed tracks keep playlist and order; a new track joins its neighbours at the cheapest point', () => {
  // Playlist 'low' runs along y = 0 (x 0..3), 'high' along y = 10 (x 0..3), stored out of order.
  const P = points([
    [2, 0], [0, 0], [3, 0], [1, 0],
    [0, 10], [1, 10], [2, 10], [3, 10],
    [1.5, 0.4], // new, between the low playlist's 2nd and 3rd tracks
    [3.6, 9.8], // new, past the high playlist's end
  ]);
  const earlier = [at('low', 2, 3), at('low', 2, 1), at('low', 2, 4), at('low', 2, 2), at('high', 1, 1), at('high', 1, 2), at('high', 1, 3), at('high', 1, 4), undefined, undefined];
  const u = updatePlaylists(P, P, earlier, { neighbours: 3 });
  assert.equal(u.kept, 8);
  assert.equal(u.added, 2);
  // Earlier numbering decides the order: 'high' was playlist 1.
  assert.deepEqual(u.playlists.map((p) => p.name), ['high', 'low']);
  assert.deepEqual(u.playlists[0]!.members, [4, 5, 6, 7, 9]);
  assert.deepEqual(u.playlists[1]!.members, [1, 3, 8, 0, 2]);
  assert.deepEqual([...u.labels], [1, 1, 1, 1, 0, 0, 0, 0, 1, 0]);
});

test('the vote is weighted by inverse distance, unassigned stays last with label −1, and no placed track is an error', () => {
  const P = points([
    [0, 0], [0, 1], [5, 5], [5, 6], [5, 7], [0, 9], [0, 9.5], [0, 10],
    [0.2, 0.5], // two 'a' tracks close by outweigh three far 'b' tracks among its five nearest
    [3, 7.5], // 'b' at 2.1–2.5, 'c' at 3.1–3.5: the majority and the nearer side agree
    [20, 20],
  ]);
  const earlier = [at('a', 1, 1), at('a', 1, 2), at('b', 2, 1), at('b', 2, 2), at('b', 2, 3), at('c', 3, 1), at('c', 3, 2), at('c', 3, 3), undefined, undefined, at('unassigned', 4, 1)];
  const u = updatePlaylists(P, P, earlier, { neighbours: 5 });
  assert.ok(u.playlists.find((p) => p.name === 'a')!.members.includes(8));
  assert.ok(u.playlists.find((p) => p.name === 'b')!.members.includes(9));
  assert.equal(u.playlists.at(-1)!.name, 'unassigned');
  assert.equal(u.labels[10], -1);
  assert.deepEqual(u.playlists.map((p) => p.label), [0, 1, 2, -1]);
  // A new track with exactly a placed track's features goes where that track is.
  const dup = points([[0, 0], [1, 0], [9, 0], [10, 0], [9, 0]]);
  const d = updatePlaylists(dup, dup, [at('x', 1, 1), at('x', 1, 2), at('y', 2, 1), at('y', 2, 2), undefined], { neighbours: 4 });
  const y = d.playlists.find((p) => p.name === 'y')!.members;
  assert.equal(y.length, 3);
  assert.equal(Math.abs(y.indexOf(4) - y.indexOf(2)), 1, `next to its twin: ${y}`);
  assert.ok(y.indexOf(2) < y.indexOf(3), 'placed tracks keep their order');
  assert.throws(() => updatePlaylists(P, P, new Array(11).fill(undefined)), SearchError);
});
