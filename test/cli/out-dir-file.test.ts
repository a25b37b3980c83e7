// --out-dir naming an existing file: one line saying so, before any work, from every command that writes there.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCliUnprivileged, storedCount } from '../analysis/child-cli.js';
import { writeLibrary } from '../analysis/synth-wav.js';
import { cliPath, tempDir } from '../helpers.js';

test('--out-dir that is a file: exit 2 and one line, for run, analyze, cluster and demo', () => {
  const dir = tempDir('mcp-outdir-');
  const file = join(dir, 'out.txt');
  writeFileSync(file, 'not a folder');
  const lib = join(dir, 'lib');
  mkdirSync(lib);
  const db = join(dir, 'f.sqlite');
  for (const args of [['run', lib], ['analyze', lib, '--db', db], ['cluster', '--db', db], ['demo']]) {
    const r = spawnSync(process.execPath, [cliPath, ...args, '--out-dir', file], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 2, `${args[0]}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^mir-cluster-playlist( \\w+)?: --out-dir ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is a file, not a folder: name a folder \\(it is made when missing\\)$`, 'm'), args[0]);
    assert.doesNotMatch(r.stderr, /EEXIST/);
  }
});

test('--out-dir where nothing can be written: one line before the analysis, not an EACCES after it', async () => {
  const dir = tempDir('mcp-outdir-');
  const lib = join(dir, 'lib');
  mkdirSync(lib);
  writeLibrary(lib, 2, 1);
  const shut = join(dir, 'shut');
  mkdirSync(shut);
  chmodSync(shut, 0o555);
  const db = join(dir, 'f.sqlite');
  try {
    for (const [out, said] of [
      [shut, `--out-dir ${shut}: it is not writable by you: name another folder`],
      [join(shut, 'a', 'b'), `--out-dir ${join(shut, 'a', 'b')}: ${shut}, where it would be made, is not writable by you: name another folder`],
    ] as const) {
      for (const args of [['run', lib, '--db', db], ['analyze', lib, '--db', db], ['cluster', '--db', db]]) {
        const r = await runCliUnprivileged([...args, '--out-dir', out]);
        assert.equal(r.code, 2, `${args[0]}: ${r.stderr}`);
        assert.equal(r.stderr.split('\n')[0], `mir-cluster-playlist${args[0] === 'run' ? '' : ` ${args[0]}`}: ${said}`);
        assert.doesNotMatch(r.stderr, /EACCES|analyse:/);
      }
    }
    assert.equal(storedCount(db), 0, 'nothing analysed');
  } finally {
    chmodSync(shut, 0o755);
  }
});
