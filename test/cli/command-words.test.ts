import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { suggestCommand } from '../../src/cli/main.js';
import { cliPath } from '../helpers.js';

const cli = (...args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8' });

test('help <command> prints that command\'s options, like <command> -h', () => {
  const viaHelp = cli('help', 'similar');
  const viaFlag = cli('similar', '-h');
  assert.equal(viaHelp.status, 0, viaHelp.stderr);
  assert.match(viaHelp.stdout, /^usage: mir-cluster-playlist similar/);
  assert.equal(viaHelp.stdout, viaFlag.stdout);
  const overview = cli('help');
  assert.equal(overview.status, 0);
  assert.match(overview.stdout, /^usage: mir-cluster-playlist <command>/);
  assert.match(overview.stdout, /help <command>/);
});

test('"analyse" (the spelling the tool itself prints) runs analyze; a typo gets a suggestion', () => {
  assert.equal(cli('analyse', '-h').stdout, cli('analyze', '-h').stdout);
  const typo = cli('clsuter');
  assert.equal(typo.status, 2);
  assert.match(typo.stderr, /unknown command 'clsuter' \(did you mean 'cluster'\?\)/);
  const far = cli('frobnicate');
  assert.equal(far.status, 2);
  assert.doesNotMatch(far.stderr, /did you mean/);
  assert.equal(suggestCommand('Demo'), 'demo');
  assert.equal(suggestCommand('expotr'), 'export');
  assert.equal(suggestCommand('xyz'), undefined);
});

test('--version prints the version in package.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  const r = cli('--version');
  assert.equal(r.status, 0);
  assert.equal(r.stdout.trim(), `mir-cluster-playlist ${pkg.version}`);
});
