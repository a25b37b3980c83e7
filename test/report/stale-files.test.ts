import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { removeReport, writeReport } from '../../src/report/index.js';
import { tempDir } from '../helpers.js';
import { makeRunResult } from './fixture.js';

test('a second report in the same folder leaves no plot of the first behind; files not ours stay', () => {
  const out = tempDir('mcp-stale-');
  mkdirSync(join(out, 'plots'), { recursive: true });
  writeFileSync(join(out, 'plots', 'my-notes.svg'), '<svg/>');
  writeFileSync(join(out, 'plots', 'README.txt'), 'mine');
  const first = makeRunResult({ nTracks: 30, nClusters: 3 });
  assert.ok(first.sweep.length > 0 && first.elbow.length > 0, 'the fixture has a sweep and an elbow');
  writeReport(first, out);
  assert.ok(existsSync(join(out, 'plots', 'elbow.svg')) && existsSync(join(out, 'plots', 'sweep-metrics.svg')));
  // the second run has no sweep, no elbow and one embedding fewer
  const second = { ...first, sweep: [], elbow: [], embeddings: first.embeddings.slice(1) };
  const written = writeReport(second, out).plots.map((p) => p.file);
  const now = readdirSync(join(out, 'plots')).sort();
  assert.deepEqual(now, [...written, 'README.txt', 'my-notes.svg'].sort());
  assert.ok(!now.includes('elbow.svg') && !now.includes('sweep-metrics.svg'));
  assert.ok(!now.some((f) => f.startsWith(`embedding-${first.embeddings[0]!.name}-`)));
  // a run without a report removes the report and our plots, and only those
  assert.equal(removeReport(out), written.length + 1);
  assert.ok(!existsSync(join(out, 'report.html')));
  assert.deepEqual(readdirSync(join(out, 'plots')).sort(), ['README.txt', 'my-notes.svg']);
  assert.equal(removeReport(out), 0, 'nothing left to remove');
  assert.equal(removeReport(join(out, 'nowhere')), 0, 'a missing folder is fine');
});
