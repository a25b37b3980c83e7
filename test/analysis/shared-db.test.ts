import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FeatureStore } from '../../src/store/index.js';
import { tempDir } from '../helpers.js';
import { startCli } from './child-cli.js';
import { writeLibrary } from './synth-wav.js';

test('two analyze processes can share one --db at the same time', async () => {
  const dir = tempDir();
  const libs = ['a', 'b'].map((n, k) => {
    const d = join(dir, n);
    mkdirSync(d);
    writeLibrary(d, 8, 1, 100 * k);
    return d;
  });
  const db = join(dir, 'shared.sqlite');
  const runs = libs.map((lib, k) =>
    startCli(['analyze', lib, '--db', db, '--out-dir', join(dir, `out${k}`), '--decoder', 'wasm', '--concurrency', '1', '--json']),
  );
  const ends = await Promise.all(runs.map((r) => r.exited));
  for (const [k, e] of ends.entries()) assert.equal(e.code, 0, runs[k]!.stderr());
  const sums = runs.map((r) => JSON.parse(r.stdout()));
  assert.deepEqual(
    sums.map((s) => [s.analysed, s.failed]),
    [
      [8, 0],
      [8, 0],
    ],
  );
  const store = FeatureStore.open(db, { readonly: true });
  try {
    assert.equal(store.count(sums[0].settingsKey), 16);
    assert.deepEqual(store.integrityCheck(), ['ok']);
  } finally {
    store.close();
  }
});
