import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { csvRecords } from '../../src/util/csv.js';
import { xmlProblem } from '../report/xml-check.js';

/** Parses an RFC 4180 CSV text into rows of fields. */
export function parseCsv(text: string): string[][] {
  return csvRecords(text).records.map((r) => r.fields);
}

/** clusters.csv as objects keyed by the header. */
export function readClustersCsv(outDir: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(join(outDir, 'clusters.csv'), 'utf8'));
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

/** The absolute paths each playlist lists, by playlist file name. */
export function readPlaylists(outDir: string): Map<string, string[]> {
  const dir = join(outDir, 'playlists');
  const out = new Map<string, string[]>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.m3u8')).sort()) {
    const text = readFileSync(join(dir, f), 'utf8');
    const lines = text.split('\n');
    assert.equal(lines[0], '#EXTM3U', `${f} starts with #EXTM3U`);
    const entries = lines.filter((l) => l !== '' && !l.startsWith('#')).map((l) => resolve(dirname(join(dir, f)), l));
    for (const l of lines) if (l.startsWith('#EXTINF:')) assert.match(l, /^#EXTINF:-?\d+,.+/, `${f}: ${l}`);
    out.set(f, entries);
  }
  return out;
}

/**
 * The output checks: every track of clusters.csv is in exactly one playlist, every
 * playlist entry is an existing file, every SVG is well-formed XML. Returns the clusters.csv rows.
 */
export function checkOutputs(outDir: string): Record<string, string>[] {
  const rows = readClustersCsv(outDir);
  const playlists = readPlaylists(outDir);
  const seen = new Map<string, string>();
  for (const [file, entries] of playlists) {
    assert.ok(entries.length > 0, `${file} is not empty`);
    assert.match(file, /^\d{2,}-[a-z0-9]+(-[a-z0-9]+)*\.m3u8$/, `${file} is NN-<name>.m3u8`);
    for (const e of entries) {
      assert.ok(existsSync(e), `${file}: entry ${e} exists`);
      assert.ok(!seen.has(e), `${e} is in ${seen.get(e)} and ${file}`);
      seen.set(e, file);
    }
  }
  assert.equal(seen.size, rows.length, 'every track of clusters.csv is in a playlist, and no other file is');
  for (const r of rows) assert.equal(seen.get(r.path!), r.playlist, `${r.path} is in the playlist clusters.csv names`);
  const plots = readdirSync(join(outDir, 'plots')).filter((f) => f.endsWith('.svg'));
  assert.ok(plots.length >= 10, `at least 10 plots, got ${plots.length}`);
  for (const p of plots) {
    const problem = xmlProblem(readFileSync(join(outDir, 'plots', p), 'utf8'));
    assert.equal(problem, null, `plots/${p} is well-formed XML`);
  }
  for (const f of ['features.csv', 'metrics.csv', 'metrics.json', 'errors.csv', 'features.sqlite', 'report.html']) {
    assert.ok(existsSync(join(outDir, f)), `${f} written`);
  }
  const leftovers = readdirSync(outDir, { recursive: true }).map(String).filter((f) => f.endsWith('.tmp'));
  assert.deepEqual(leftovers, [], 'no temporary files left');
  return rows;
}
