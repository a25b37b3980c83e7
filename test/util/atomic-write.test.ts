import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { WriteError, writeFileAtomic } from '../../src/util/atomic-write.js';
import { tempDir } from '../helpers.js';

test('writeFileAtomic replaces a file, making its folder; a write that fails names the file and leaves no temporary file', () => {
  const dir = tempDir('mcp-atomic-');
  const target = join(dir, 'sub', 'a.csv');
  writeFileAtomic(target, 'one');
  writeFileAtomic(target, 'two');
  assert.equal(readFileSync(target, 'utf8'), 'two');
  assert.deepEqual(readdirSync(join(dir, 'sub')), ['a.csv']);
  // the temporary file is written, then cannot replace a folder of that name
  const blocked = join(dir, 'b.csv');
  mkdirSync(blocked);
  writeFileSync(join(blocked, 'inside'), 'x');
  assert.throws(
    () => writeFileAtomic(blocked, 'data'),
    (e: unknown) => e instanceof WriteError && e.path === blocked && e.message === `${blocked}: cannot write: a folder of that name is in the way`,
  );
  assert.deepEqual(readdirSync(dir).sort(), ['b.csv', 'sub'], 'no .b.csv.….tmp left behind');
});

test('a full disk is said in words: the error Linux gives for /dev/full', () => {
  let err: unknown;
  try {
    writeFileSync('/dev/full', 'x');
  } catch (e) {
    err = e;
  }
  assert.equal((err as { code?: string }).code, 'ENOSPC');
  const w = new WriteError('/music/out/features.csv', err);
  assert.equal(w.message, '/music/out/features.csv: cannot write: no space left on the disk');
  assert.equal(w.code, 'ENOSPC');
});
