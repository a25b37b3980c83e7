import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FeatureStore } from '../../src/store/index.js';
import { wasmMemoryBytes } from '../../src/util/wasm.js';
import { stftMagnitudeLeased } from '../../src/dsp/index.js';
import { cliPath, tempDir } from '../helpers.js';
import { writeLibrary } from './synth-wav.js';

function analyze(lib: string, db: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cliPath, 'analyze', lib, '--db', db, '--concurrency', '2', '--debug'], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stderr;
}

test("the WebAssembly memory a thread keeps is counted, and grows with a long track's spectrogram", () => {
  const before = wasmMemoryBytes();
  const x = new Float32Array(22050 * 120).map((_, i) => Math.sin(i * 0.05));
  // the magnitude stays in the kernel's memory while leased; the memory keeps its size after release
  stftMagnitudeLeased(x, { nFft: 2048, hopLength: 512 }).release();
  const after = wasmMemoryBytes();
  // 2 minutes: 5,168 frames × 1,025 bins of float32 at least
  assert.ok(after >= before && after >= 5168 * 1025 * 4, `kept ${after} bytes (before ${before})`);
});

test('a worker that kept too much memory is replaced after its track; the analyses are the same', () => {
  const dir = tempDir('mcp-retire-');
  const lib = join(dir, 'lib');
  mkdirSync(lib);
  writeLibrary(lib, 4, 3);
  const plain = analyze(lib, join(dir, 'plain.sqlite'));
  assert.match(plain, /debug: totals: .*; 2 worker threads started\n/);
  assert.doesNotMatch(plain, /worker is replaced/);
  // every track counts as too much here: each job's worker leaves, and the pool starts new ones
  const retiring = analyze(lib, join(dir, 'retire.sqlite'), { MIR_WORKER_RETIRE_MB: '0.001' });
  assert.equal(retiring.match(/its worker is replaced/g)?.length, 4);
  assert.match(retiring, /debug: totals: .*; 4 worker threads started\n/);
  const values = (db: string) => {
    const s = FeatureStore.open(join(dir, db));
    try {
      const [key] = s.settingsList().map((k) => k.key);
      return s.tracks(key!).map((t) => [t.path, t.values] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    } finally {
      s.close();
    }
  };
  assert.deepEqual(values('retire.sqlite'), values('plain.sqlite'));
  // a budget smaller than any track: the feature stages run one at a time, and nothing deadlocks
  const gated = analyze(lib, join(dir, 'gated.sqlite'), { MIR_ANALYSIS_MEMORY_MB: '1' });
  assert.equal(gated.match(/^debug: .*\.wav: /gm)?.length, 4, gated);
  assert.deepEqual(values('gated.sqlite'), values('plain.sqlite'));
});
