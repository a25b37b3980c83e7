import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { synthFile } from '../audio/fixtures.js';
import { repoRoot, tempDir } from '../helpers.js';
import { checkOutputs } from './outputs-check.js';

// What a user gets from `npx mir-cluster-playlist`: the packed tarball installed into an empty
// project with only our runtime dependencies, run through its bin. It catches a runtime import of a
// devDependency, a file missing from `files`, or a bin that does not start.

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 10 * 60_000 });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

test('the packed package installs into an empty project and its bin runs the demo', () => {
  const dir = tempDir('mcp-npm-package-');
  // --ignore-scripts: `prepare` would recompile dist/ while other test files run from it
  const packed = JSON.parse(run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], repoRoot)) as {
    filename: string;
    files: { path: string }[];
  }[];
  const files = packed[0]!.files.map((f) => f.path);
  for (const need of ['package.json', 'README.md', 'LICENSE', 'dist/src/cli/main.js', 'dist/src/index.js', 'dist/src/index.d.ts']) {
    assert.ok(files.includes(need), `the tarball holds ${need}`);
  }
  const stray = files.filter((p) => !/^(package\.json|README\.md|LICENSE|dist\/src\/.+)$/.test(p));
  assert.deepEqual(stray, [], 'only the compiled sources and the package files are shipped');

  const app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
  // the registry is reachable here; --prefer-offline reuses what `npm ci` already downloaded
  run(npm, ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', join(dir, packed[0]!.filename)], app);
  for (const dev of Object.keys(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).devDependencies)) {
    assert.ok(!existsSync(join(app, 'node_modules', dev)), `devDependency ${dev} is not installed for users`);
  }

  // better-sqlite3 compiles from source for 80 s; the repository's build of the same version is
  // the same binary, so it is copied unless the versions differ
  const sqlite = (root: string) => join(root, 'node_modules', 'better-sqlite3');
  const version = (root: string) => JSON.parse(readFileSync(join(sqlite(root), 'package.json'), 'utf8')).version as string;
  if (version(app) === version(repoRoot)) {
    mkdirSync(join(sqlite(app), 'build', 'Release'), { recursive: true });
    copyFileSync(join(sqlite(repoRoot), 'build', 'Release', 'better_sqlite3.node'), join(sqlite(app), 'build', 'Release', 'better_sqlite3.node'));
  } else {
    run(npm, ['rebuild', 'better-sqlite3'], app);
  }

  const bin = join(app, 'node_modules', '.bin', 'mir-cluster-playlist');
  assert.match(run(bin, ['--help'], app), /usage: mir-cluster-playlist <command>/);
  const out = join(dir, 'out');
  run(bin, ['demo', '--out-dir', out], app);
  const rows = checkOutputs(out);
  assert.ok(rows.length >= 40, `the demo's tracks were analysed, got ${rows.length}`);
  assert.ok(readdirSync(join(out, 'playlists')).filter((f) => f.endsWith('.m3u8')).length >= 2);
  assert.ok(existsSync(join(out, 'report.html')));

  // A user without ffmpeg: the optional dependency's binary (installed without its postinstall
  // script, like every script here) decodes an M4A. Only node is on the PATH.
  const nodeOnly = join(dir, 'node-only');
  mkdirSync(nodeOnly);
  symlinkSync(process.execPath, join(nodeOnly, 'node'));
  const m4a = synthFile(dir, 'no-system-ffmpeg', 'm4a', 2);
  const r = spawnSync(bin, ['features', m4a, '--set', 'blog', '--json'], { cwd: app, encoding: 'utf8', env: { PATH: nodeOnly } });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(app, 'node_modules', '@ffmpeg-installer', `${process.platform}-${process.arch}`)));
  assert.match(r.stdout, /"rms\.mean": 0\.\d+/, "M4A has no built-in decoder: values mean the bundled ffmpeg decoded it");
});
