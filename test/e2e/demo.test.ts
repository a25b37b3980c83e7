import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkReportInBrowser } from '../report/browser-check.js';
import { cliPath, tempDir } from '../helpers.js';
import { checkOutputs, readClustersCsv, readPlaylists } from './outputs-check.js';

const out = join(tempDir('mcp-e2e-demo-'), 'out');

function cli(args: string[]): { status: number | null; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 15 * 60_000 });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

test('demo: synthesises the library and runs the whole pipeline', async (t) => {
  const r = cli(['demo', '--out-dir', out]);
  assert.equal(r.status, 0, r.stderr);
  const rows = checkOutputs(out);
  assert.ok(rows.length >= 40, `at least 40 demo tracks analysed, got ${rows.length}`);
  const formats = new Set(rows.map((row) => row.path!.split('.').pop()));
  assert.ok(formats.size >= 3, `several formats: ${[...formats].join(', ')}`);

  await t.test('clusters recover the synthetic styles', () => {
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as {
      chosen: { k: number; metrics: Record<string, number> };
      sweep: unknown[];
    };
    // five styles of ten tracks: the defaults (UMAP-3 with a neighbourhood below the style size,
    // k-means, k by the elbow) find all five, each pure
    assert.equal(metrics.chosen.k, 5);
    assert.ok(metrics.chosen.metrics.v_measure! > 0.99, `V-measure ${metrics.chosen.metrics.v_measure}`);
    assert.ok(metrics.sweep.length > 0, 'the seed sweep ran');
  });

  await t.test('the report passes the browser checks', async () => {
    const seen = await checkReportInBrowser(join(out, 'report.html'), rows.map((row) => row.path!));
    assert.equal(seen.points, rows.length);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    assert.ok(!html.includes('<img src=x onerror=alert(1)>'), 'the hostile demo title is escaped in the page source');
    // the default space is UMAP-3: the map shows the tracks there, and says so
    assert.ok(html.includes('placed by UMAP of the scaled features, as the clustering (umap3)'));
  });

  await t.test('cluster from the store gives the same playlists (deterministic)', () => {
    const again = join(tempDir('mcp-e2e-demo2-'), 'out');
    // --no-stored-encodings: the demo kept its codes in the store; here they are computed again,
    // on workers and then on one thread, and must agree
    const c = cli(['cluster', '--db', join(out, 'features.sqlite'), '--out-dir', again, '--no-report', '--debug', '--no-stored-encodings']);
    assert.equal(c.status, 0, c.stderr);
    // --debug: the seconds of each encoding the sweep and the clustering needed, and of each step
    for (const space of ['umap3', 'pca3', 'pca8', 'ae3', 'ae8', 'pcafull']) assert.match(c.stderr, new RegExp(`debug: encoding ${space}: \\d+\\.\\d\\d s`));
    for (const step of ['sweep \\(clustering and scores\\)', 'choosing k', 'playlists, map and CSV/JSON files']) assert.match(c.stderr, new RegExp(`debug: ${step}: \\d+\\.\\d\\d s`));
    assert.doesNotMatch(c.stderr, /debug: plots and report/);
    assert.match(c.stderr, /debug: encoding ae8: \d+\.\d\d s \(worker\)/);
    // everything on one thread: the same clusters, playlists and sweep, number for number
    const serial = join(tempDir('mcp-e2e-demo3-'), 'out');
    const one = cli(['cluster', '--db', join(out, 'features.sqlite'), '--out-dir', serial, '--no-report', '--concurrency', '1', '--debug', '--no-stored-encodings']);
    assert.equal(one.status, 0, one.stderr);
    assert.doesNotMatch(one.stderr, /worker/);
    assert.equal(readFileSync(join(serial, 'metrics.csv'), 'utf8'), readFileSync(join(again, 'metrics.csv'), 'utf8'));
    assert.equal(readFileSync(join(serial, 'clusters.csv'), 'utf8'), readFileSync(join(again, 'clusters.csv'), 'utf8'));
    assert.deepEqual([...readPlaylists(serial)], [...readPlaylists(again)]);
    assert.deepEqual([...readPlaylists(again)], [...readPlaylists(out)]);
    assert.deepEqual(
      readClustersCsv(again).map((row) => [row.path, row.cluster, row.position]),
      rows.map((row) => [row.path, row.cluster, row.position]),
    );
  });

  await t.test('genre-bias mode and HDBSCAN give the same outputs on worker threads as on one thread', () => {
    for (const [tag, opts] of [
      ['bias', ['--genre-bias', '0.5']],
      ['hdbscan', ['--method', 'hdbscan', '--space', 'ae3']],
    ] as const) {
      const dirs = ['1', '2'].map((c) => {
        const dir = join(tempDir(`mcp-e2e-${tag}-${c}-`), 'out');
        const r = cli(['cluster', '--db', join(out, 'features.sqlite'), '--out-dir', dir, '--no-report', '--concurrency', c, '--no-stored-encodings', ...opts]);
        assert.equal(r.status, 0, r.stderr);
        return dir;
      });
      for (const f of ['clusters.csv', 'metrics.csv']) {
        assert.equal(readFileSync(join(dirs[0]!, f), 'utf8'), readFileSync(join(dirs[1]!, f), 'utf8'), `${tag}: ${f}`);
      }
    }
  });

  await t.test("the seed's configuration is one flag away", () => {
    const seedOut = join(tempDir('mcp-e2e-seed-'), 'out');
    const c = cli(['cluster', '--db', join(out, 'features.sqlite'), '--out-dir', seedOut, '--seed-config', '--no-report', '--no-sweep']);
    assert.equal(c.status, 0, c.stderr);
    const m = JSON.parse(readFileSync(join(seedOut, 'metrics.json'), 'utf8')) as { chosen: { space: string; method: string; k: number } };
    assert.deepEqual([m.chosen.method, m.chosen.space, m.chosen.k], ['kmeans', 'pca3', 16]);
  });
});
