import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { parseArgs } from 'node:util';
import { closestOption, explainArgumentError } from '../../src/cli/usage-error-line.js';
import { cliPath, tempDir } from '../helpers.js';

const OPTIONS = {
  'out-dir': { type: 'string' },
  clusters: { type: 'string' },
  'k-max': { type: 'string' },
  space: { type: 'string' },
  seed: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parseError(args: string[], allowPositionals = false): unknown {
  try {
    parseArgs({ args, options: OPTIONS, allowPositionals });
  } catch (err) {
    return err;
  }
  assert.fail(`${args.join(' ')} parsed`);
}

test('an unknown option names the one it abbreviates or misspells, and nothing when unsure', () => {
  assert.equal(closestOption('--out', OPTIONS), '--out-dir');
  assert.equal(closestOption('--cluster', OPTIONS), '--clusters');
  assert.equal(closestOption('--clustres', OPTIONS), '--clusters');
  assert.equal(closestOption('--kmax', OPTIONS), '--k-max');
  assert.equal(closestOption('--outdir=x', OPTIONS), '--out-dir');
  // 's' abbreviates both --space and --seed; 'sed' is one edit from --seed only
  assert.equal(closestOption('--s', OPTIONS), undefined);
  assert.equal(closestOption('--sed', OPTIONS), '--seed');
  assert.equal(closestOption('--volume', OPTIONS), undefined);
  assert.equal(explainArgumentError(parseError(['--out', 'x']), OPTIONS), "unknown option '--out' (did you mean --out-dir?)");
  assert.equal(explainArgumentError(parseError(['--volume']), OPTIONS), "unknown option '--volume'");
  assert.equal(explainArgumentError(parseError(['x']), OPTIONS), "unexpected argument 'x': this command takes only options");
  assert.match(explainArgumentError(parseError(['--seed']), OPTIONS), /'--seed <value>' argument missing/);
  // Node says this in three lines; one is enough
  assert.equal(
    explainArgumentError(parseError(['--seed', '-1']), OPTIONS),
    '--seed needs a value, and the word after it starts with a dash: write --seed=VALUE for a value that does',
  );
  assert.equal(explainArgumentError(new Error('--set must be one of blog'), OPTIONS), '--set must be one of blog');
});

test('every command answers a mistyped option with two lines: the problem and where the options are', () => {
  for (const [args, line] of [
    [[tempDir(), '--out', 'o'], "mir-cluster-playlist: unknown option '--out' (did you mean --out-dir?)\nrun 'mir-cluster-playlist --help' for the options\n"],
    [['cluster', '--db', 'x', '--cluster', '5'], "mir-cluster-playlist cluster: unknown option '--cluster' (did you mean --clusters?)\nrun 'mir-cluster-playlist cluster -h' for the options\n"],
    [['similar', 'a', '--db', 'x', '--count', '5'], "mir-cluster-playlist similar: unknown option '--count'\nrun 'mir-cluster-playlist similar -h' for the options\n"],
    [['path', 'a', 'b', '--step', '5'], "mir-cluster-playlist path: unknown option '--step' (did you mean --steps?)\nrun 'mir-cluster-playlist path -h' for the options\n"],
    [['export', '--db', 'x', '--cvs'], "mir-cluster-playlist export: unknown option '--cvs' (did you mean --csv?)\nrun 'mir-cluster-playlist export -h' for the options\n"],
    [['features', 'a.wav', '--sets', 'blog'], "mir-cluster-playlist features: unknown option '--sets' (did you mean --set?)\nrun 'mir-cluster-playlist features -h' for the options\n"],
    [['demo', '--tracks', '3'], "mir-cluster-playlist demo: unknown option '--tracks' (did you mean --tracks-per-style?)\nrun 'mir-cluster-playlist demo -h' for the options\n"],
  ] as const) {
    const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8' });
    assert.equal(r.status, 2, args.join(' '));
    assert.equal(r.stderr, line, args.join(' '));
  }
});
