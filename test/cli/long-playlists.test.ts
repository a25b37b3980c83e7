import assert from 'node:assert/strict';
import { test } from 'node:test';
import { longPlaylistsNote } from '../../src/cli/pipeline/run-pipeline.js';

test('a chosen k that leaves playlists of more than 200 tracks on average points to --playlist-size', () => {
  assert.equal(longPlaylistsNote(132, 7), undefined);
  assert.equal(longPlaylistsNote(2000, 10), undefined);
  assert.equal(
    longPlaylistsNote(10000, 12),
    'note: 12 playlists of about 833 tracks each: --playlist-size 50 makes about 200 playlists of about 50 (or --clusters K)',
  );
});
