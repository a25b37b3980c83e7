// --out-dir naming an existing file: one line saying so, before any work, from every command that writes there.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

test("an out folder holding a user's files of our outputs' names: refused before any work, the files kept", async () => {
  const dir = tempDir('mcp-outdir-');
  const lib = join(dir, 'lib');
  mkdirSync(lib);
  writeLibrary(lib, 3, 1);
  const docs = join(dir, 'Documents');
  mkdirSync(docs);
  const mine: Record<string, string> = {
    'features.csv': 'name,amount\nrent,500\n',
    'report.html': '<!DOCTYPE html><title>Quarterly report</title>',
    'metrics.json': '{"steps": 12000}\n',
  };
  for (const [f, text] of Object.entries(mine)) writeFileSync(join(docs, f), text);
  writeFileSync(join(docs, 'clusters.csv'), ''); // empty: nothing to lose, so not in the way
  const db = join(dir, 'f.sqlite');
  for (const args of [['run', lib, '--db', db], ['cluster', '--db', db]]) {
    const r = spawnSync(process.execPath, [cliPath, ...args, '--out-dir', docs], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 2, `${args[0]}: ${r.stderr}`);
    assert.equal(
      r.stderr.split('\n')[0],
      `mir-cluster-playlist${args[0] === 'run' ? '' : ' cluster'}: --out-dir ${docs} holds features.csv, metrics.json and report.html, not written by mir-cluster-playlist, which this run would overwrite: name another folder, or move them`,
    );
  }
  assert.equal(storedCount(db), 0, 'nothing analysed');
  // analyze writes errors.csv only: the other names are not in its way.
  const a = spawnSync(process.execPath, [cliPath, 'analyze', lib, '--db', db, '--out-dir', docs], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(a.status, 0, a.stderr);
  for (const [f, text] of Object.entries(mine)) assert.equal(readFileSync(join(docs, f), 'utf8'), text, f);
  // A run's own outputs are replaced by the next run, as always.
  const out = join(dir, 'out');
  for (let i = 0; i < 2; i++) {
    const r = spawnSync(process.execPath, [cliPath, 'cluster', '--db', db, '--out-dir', out, '--clusters', '2'], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
  }
});

test("an out folder whose playlists or plots folder cannot be written: one line before the clustering, not EACCES on an earlier run's file", async () => {
  const dir = tempDir('mcp-outdir-');
  const lib = join(dir, 'lib');
  mkdirSync(lib);
  writeLibrary(lib, 3, 1);
  const out = join(dir, 'out');
  const db = join(dir, 'f.sqlite');
  const first = spawnSync(process.execPath, [cliPath, 'run', lib, '--db', db, '--out-dir', out, '--clusters', '2'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(first.status, 0, first.stderr);
  for (const sub of ['playlists', 'plots']) {
    const folder = join(out, sub);
    const before = readdirSync(folder).sort();
    chmodSync(folder, 0o555);
    try {
      const r = await runCliUnprivileged(['cluster', '--db', db, '--out-dir', out, '--clusters', '3']);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr.split('\n')[0], `mir-cluster-playlist cluster: --out-dir ${out}: its ${sub} folder is not writable by you: name another folder`);
    } finally {
      chmodSync(folder, 0o755);
    }
    assert.deepEqual(readdirSync(folder).sort(), before, 'the earlier run’s files are all there');
  }
});
