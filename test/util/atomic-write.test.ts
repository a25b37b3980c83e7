import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { WriteError, writeChunksAtomic, writeFileAtomic } from '../../src/util/atomic-write.js';
import { runCliUnprivileged, startCli } from '../analysis/child-cli.js';
import { writeLibrary } from '../analysis/synth-wav.js';
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

test('writeChunksAtomic writes text in pieces with the same guarantees; a path under a file, or a folder it may not write, is one line', async () => {
  const dir = tempDir('mcp-atomic-');
  const target = join(dir, 'export', 'all.json');
  writeChunksAtomic(target, ['{"a":', '1', '}']);
  assert.equal(readFileSync(target, 'utf8'), '{"a":1}');
  assert.deepEqual(readdirSync(join(dir, 'export')), ['all.json']);
  // A file where a folder should be: once the clean-up itself failed with ENOTDIR and hid this.
  const under = join(dir, 'export', 'all.json', 'x.csv');
  for (const write of [() => writeChunksAtomic(under, ['x']), () => writeFileAtomic(under, 'x')]) {
    assert.throws(write, (e: unknown) => e instanceof WriteError && e.message === `${under}: cannot write: a file is in the way of its folder`);
  }
  // A folder the user may not write: through the CLI, as a user whom permissions stop.
  const shut = join(dir, 'shut');
  mkdirSync(shut);
  chmodSync(shut, 0o555);
  const lib = join(dir, 'lib');
  mkdirSync(lib);
  writeLibrary(lib, 2, 1);
  const db = join(dir, 'lib.sqlite');
  const analysed = startCli(['analyze', lib, '--db', db, '--decoder', 'wasm']);
  assert.equal((await analysed.exited).code, 0, analysed.stderr());
  const r = await runCliUnprivileged(['export', '--db', db, '--csv', '--out', join(shut, 'x.csv')]);
  chmodSync(shut, 0o755);
  assert.equal(r.stderr, `mir-cluster-playlist export: ${join(shut, 'x.csv')}: cannot write: permission denied\n`);
  assert.deepEqual(readdirSync(shut), [], 'no temporary file left');
});
