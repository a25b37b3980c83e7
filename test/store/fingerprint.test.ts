import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FINGERPRINT_CHUNK, fingerprintFile } from '../../src/store/index.js';
import { tempDir } from '../helpers.js';

function bytes(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

test('the fingerprint depends on content and size, not on the name', () => {
  const dir = tempDir();
  const a = join(dir, 'a.ogg');
  const b = join(dir, 'other name.ogg');
  writeFileSync(a, bytes(1_000_000, 1));
  writeFileSync(b, bytes(1_000_000, 1));
  assert.equal(fingerprintFile(a), fingerprintFile(b));
  assert.match(fingerprintFile(a), /^fp1:[0-9a-f]{40}$/);
  const c = join(dir, 'c.ogg');
  writeFileSync(c, bytes(1_000_001, 1));
  assert.notEqual(fingerprintFile(c), fingerprintFile(a));
});

test('large files are sampled at start, middle and end; small files are hashed whole', () => {
  const dir = tempDir();
  const n = 1_000_000;
  const base = bytes(n, 2);
  const f = join(dir, 'f.ogg');
  writeFileSync(f, base);
  const fp = fingerprintFile(f);
  const changedAt = (pos: number): string => {
    const b = Buffer.from(base);
    b[pos] ^= 1;
    writeFileSync(f, b);
    return fingerprintFile(f);
  };
  assert.notEqual(changedAt(10), fp);
  assert.notEqual(changedAt(Math.floor((n - FINGERPRINT_CHUNK) / 2) + 5), fp);
  assert.notEqual(changedAt(n - 1), fp);
  // A byte outside the three windows is, by design, not seen.
  assert.equal(changedAt(FINGERPRINT_CHUNK + 10), fp);
  // A file of at most three windows is hashed whole: any byte counts.
  const small = join(dir, 's.ogg');
  const sb = bytes(3 * FINGERPRINT_CHUNK, 3);
  writeFileSync(small, sb);
  const sfp = fingerprintFile(small);
  sb[FINGERPRINT_CHUNK + 10] ^= 1;
  writeFileSync(small, sb);
  assert.notEqual(fingerprintFile(small), sfp);
  assert.equal(readFileSync(small).length, 3 * FINGERPRINT_CHUNK);
});
