import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordingOwners, withoutCopies } from '../../src/cli/pipeline/copies.js';
import { audioSignature } from '../../src/dsp/signature.js';
import type { StoredTrack } from '../../src/store/index.js';
import { createRng } from '../../src/util/rng.js';

/** 20 s of seeded noise with a slow swell: a signature every file of that "recording" shares. */
function signatureOf(seed: number): Uint8Array {
  const rng = createRng(seed);
  const x = new Float32Array(22050 * 20);
  for (let i = 0; i < x.length; i++) x[i] = 0.2 * rng.normal() * (1 + Math.sin(i / 5000));
  return audioSignature(x, 22050);
}

function track(path: string, size: number, sig: Uint8Array | undefined, tags: StoredTrack['tags'] = {}, fingerprint = path): StoredTrack {
  return { path, size, mtimeMs: 0, fingerprint, tags, durationSec: 20, settingsKey: 'k', featuresVersion: 1, values: {}, ...(sig ? { signature: sig } : {}) };
}

test('the file of the highest bit rate stands for a recording, lends nothing it has and borrows the tags it lacks', () => {
  const a = signatureOf(1);
  const tracks = [
    track('/lib/a/song.mp3', 320_000, a, { title: 'Song', artist: 'Band', genre: 'Rock', trackNumber: 3 }),
    track('/lib/b/song.flac', 2_400_000, a, { title: 'Song (remaster)' }),
    track('/lib/c/other.flac', 2_000_000, signatureOf(2), { title: 'Other' }),
    track('/lib/d/song copy.mp3', 320_000, a, {}, '/lib/a/song.mp3'),
  ];
  const owners = recordingOwners(tracks);
  assert.deepEqual(Array.from(owners), [1, 1, 2, 1]);
  const { unique, copies } = withoutCopies(tracks);
  assert.deepEqual(
    unique.map((t) => t.path),
    ['/lib/b/song.flac', '/lib/c/other.flac'],
  );
  // its own title stays; artist, genre and track number come from the MP3
  assert.deepEqual(unique[0]!.tags, { title: 'Song (remaster)', artist: 'Band', genre: 'Rock', trackNumber: 3 });
  assert.deepEqual(tracks[1]!.tags, { title: 'Song (remaster)' }, 'the input is not changed');
  assert.deepEqual(
    copies.map((c) => [c.track.path, c.of, c.kind]),
    [
      ['/lib/a/song.mp3', '/lib/b/song.flac', 'recording'],
      ['/lib/d/song copy.mp3', '/lib/b/song.flac', 'recording'],
    ],
  );
  // a preferred file (already in a playlist) stands for the recording whatever its bit rate
  const placed = recordingOwners(tracks, (t) => t.path === '/lib/d/song copy.mp3');
  assert.deepEqual(Array.from(placed), [3, 3, 2, 3]);
  // without signatures only byte copies are one recording, and among them the first path
  const unsigned = tracks.map((t) => ({ ...t, signature: undefined }));
  assert.deepEqual(Array.from(recordingOwners(unsigned)), [0, 1, 2, 0]);
});
