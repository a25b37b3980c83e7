// --out-dir naming an existing file: one line saying so, before any work, from every command that writes there.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
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
