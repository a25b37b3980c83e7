// A store damaged where only a query reaches it (SQLite reads a page when a query needs it, so the
// store opens and the damage surfaces in the middle of a command): the command still ends with one
// line naming the store and what to do, not SQLite's bare `database disk image is malformed`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, openSync, closeSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FeatureStore } from '../../src/store/index.js';
import { writeLibrary } from '../analysis/synth-wav.js';
import { cliPath, tempDir } from '../helpers.js';

const cli = (args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 5 * 60_000 });

test('a store damaged past its first pages: export, similar, cluster and analyze say which store and what to do', () => {
  const dir = tempDir('mcp-damaged-');
  const lib = join(dir, 'lib');
  mkdirSync(lib);
  writeLibrary(lib, 8, 1);
  const db = join(dir, 'f.sqlite');
  const analysed = cli(['analyze', lib, '--db', db, '--concurrency', '1']);
  assert.equal(analysed.status, 0, analysed.stderr);
  // Every page after the second overwritten, as a failing disk or a bad copy leaves a file.
  const pages = statSync(db).size / 4096;
  assert.ok(pages >= 6, `${pages} pages`);
  const fd = openSync(db, 'r+');
  for (let p = 2; p < pages; p++) writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, p * 4096);
  closeSync(fd);
  // The damage is not seen when the store opens.
  FeatureStore.open(db, { readonly: true }).close();

  const line = `${db}: feature store: database disk image is malformed: the store is damaged; it only caches analyses, so move it aside and run again to compute them afresh`;
  for (const [command, args] of [
    ['export', ['export', '--db', db, '--csv']],
    ['similar', ['similar', 't000', '--db', db]],
    ['', ['cluster', '--db', db, '--out-dir', join(dir, 'out')]],
    ['', ['analyze', lib, '--db', db, '--concurrency', '1']],
  ] as const) {
    const r = cli([...args]);
    assert.notEqual(r.status, 0, args.join(' '));
    assert.equal(r.stderr.trim().split('\n').at(-1), `mir-cluster-playlist${command ? ` ${command}` : ''}: ${line}`, args.join(' '));
  }
});
