import assert from 'node:assert/strict';
import { writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FeatureStore, settingsKey } from '../../src/store/index.js';
import { tempDir } from '../helpers.js';

test('a stored error keeps the environment it happened in; without one it has none (always retried)', () => {
  const dir = tempDir('mcp-retry-');
  const s = FeatureStore.open(join(dir, 'f.sqlite'));
  try {
    const key = settingsKey({ set: 'blog', featuresVersion: 1, sampleRate: 22050, decoder: 'auto' });
    const paths = ['a.mp3', 'b.mp3'].map((n) => join(dir, n));
    for (const p of paths) writeFileSync(p, 'not audio');
    const rec = (path: string) => ({ path, size: statSync(path).size, mtimeMs: statSync(path).mtimeMs, stage: 'decode', reason: 'bad', settingsKey: key });
    s.putError({ ...rec(paths[0]!), retryKey: 'ffmpeg=yes' });
    s.putError(rec(paths[1]!)); // a time-out or a crashed worker
    assert.deepEqual(s.probe(paths[0]!, key, 'auto', { deep: false }).error, { stage: 'decode', reason: 'bad', retryKey: 'ffmpeg=yes' });
    assert.deepEqual(s.probe(paths[1]!, key, 'auto', { deep: false }).error, { stage: 'decode', reason: 'bad' });
    // a changed file is not an unchanged failure
    writeFileSync(paths[0]!, 'not audio either');
    assert.equal(s.probe(paths[0]!, key, 'auto', { deep: false }).error, undefined);
  } finally {
    s.close();
  }
});
