import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { removeOwnFile, writeFileAtomic } from '../util/atomic-write.js';
import { foldForSearch } from '../util/text.js';
import { type ClientData, reportClient } from './client.js';
import { clusterColor, genreColors, MISSING_COLOR } from './colors.js';
import { escapeHtml, jsonForScript, safeHref } from './escape.js';
import { genreOrderOf, labelNounOf } from './groups.js';
import { sweepMetricNames } from './plots/metrics.js';
import { ZR_PREFIX } from './render.js';
import type { RunResult } from './types.js';
import { type PlotFile, removeStalePlots, renderPlots, writePlots } from './write-plots.js';

// Tables longer than this are cut (with a note): the full data is in metrics.csv / errors.csv.
const MAX_TABLE_ROWS = 2000;

const STYLE = `
:root { font-family: system-ui, sans-serif; color: #222; }
body { margin: 0 auto; max-width: 1400px; padding: 0 16px 40px; }
h1 { font-size: 1.6em; margin: 16px 0 4px; overflow-wrap: anywhere; }
h2 { border-bottom: 1px solid #ddd; padding-bottom: 4px; margin-top: 32px; }
.meta { color: #666; margin: 4px 0; }
.banner { background: #fff3cd; border: 1px solid #e0b000; padding: 8px 12px; border-radius: 4px; font-weight: 600; }
nav { display: flex; flex-wrap: wrap; gap: 4px 12px; }
.map-wrap { display: flex; gap: 12px; align-items: flex-start; }
.map-box { position: relative; flex: 1; min-width: 0; }
#mcp-map { width: 100%; height: 620px; border: 1px solid #ccc; border-radius: 4px; background: #fff; display: block; touch-action: none; }
#mcp-tooltip { position: absolute; pointer-events: none; background: rgba(255,255,255,.96); border: 1px solid #999; border-radius: 4px; padding: 6px 8px; font-size: 13px; max-width: 320px; overflow-wrap: anywhere; box-shadow: 0 2px 6px rgba(0,0,0,.2); }
#mcp-tooltip .hint { color: #777; font-size: 11px; }
#mcp-legend { list-style: none; padding: 0; margin: 0; width: 220px; max-height: 620px; overflow: auto; font-size: 13px; }
#mcp-legend li { margin: 2px 0; }
.legend-item { display: flex; align-items: center; gap: 6px; width: 100%; padding: 1px 4px; border: 1px solid transparent; border-radius: 4px; background: none; font: inherit; color: inherit; text-align: left; cursor: pointer; overflow-wrap: anywhere; }
.legend-item:hover { background: #f2f2f2; }
.legend-item[aria-pressed="true"] { border-color: #888; background: #eef2ff; font-weight: 600; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 50%; flex: none; }
.controls { display: flex; gap: 8px; align-items: center; margin: 8px 0; flex-wrap: wrap; }
.controls button[aria-pressed="true"] { font-weight: 700; background: #dde8ff; }
.player { display: flex; gap: 12px; align-items: center; margin: 8px 0; flex-wrap: wrap; }
#mcp-now-playing { color: #333; overflow-wrap: anywhere; }
.playlist { border: 1px solid #e3e3e3; border-radius: 4px; padding: 4px 12px 8px; margin: 12px 0; }
.playlist h3 { margin: 8px 0 2px; }
.playlist audio { width: 100%; max-width: 600px; }
/* the find box and "more like this" side by side under the player (stacked on phones) */
.explore { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 8px 24px; align-items: start; }
.explore h3 { margin: 8px 0 2px; }
.find { margin: 8px 0; }
#mcp-find { width: min(360px, 60vw); }
ol.tracks { max-height: 360px; overflow: auto; margin: 6px 0; padding-left: 3em; }
ol.tracks li { display: flex; gap: 10px; align-items: baseline; padding: 1px 0; }
ol.tracks li.playing { background: #eef4ff; font-weight: 600; }
ol.tracks li.unplayable { color: #888; }
ol.tracks li.added .why { color: #1a7f37; font-style: normal; font-weight: 600; }
ol.tracks li .why { margin-left: .5em; font-size: .85em; font-style: italic; }
ol.tracks .name { flex: 1; overflow-wrap: anywhere; }
ol.tracks .genre { color: #666; font-size: 0.9em; }
ol.tracks .dur { color: #666; font-variant-numeric: tabular-nums; }
.where { color: #666; font-size: 0.85em; overflow-wrap: anywhere; }
button.play { border: none; background: none; cursor: pointer; color: #2a5bd7; padding: 0 4px; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.chosen td { background: #eef4ff; font-weight: 600; }
@media (max-width: 720px) {
  /* phones: the legend goes under the map, which takes the whole width */
  .map-wrap { flex-direction: column; align-items: stretch; }
  .explore { grid-template-columns: minmax(0, 1fr); }
  /* at most square: a taller map on a portrait screen only adds empty bands above and below */
  #mcp-map { height: min(70vh, 100vw); min-height: 240px; }
  #mcp-legend { width: auto; max-height: 30vh; }
  ol.tracks { padding-left: 1.5em; }
}
.table-wrap { max-height: 480px; overflow: auto; }
figure { margin: 16px 0; }
figure svg { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { color: #555; font-size: 14px; }
`;

/** Builds the serialisable page data from the run result. */
function clientData(result: RunResult): ClientData {
  const order = genreOrderOf(result);
  const gIndex = new Map(order.map((g, i) => [g, i]));
  const clusterColors: Record<string, string> = {};
  for (const t of result.tracks) clusterColors[String(t.cluster)] = clusterColor(t.cluster);
  return {
    tracks: result.tracks.map((t) => ({
      t: t.title,
      a: t.artist,
      al: t.album,
      g: t.genre === null ? -1 : (gIndex.get(t.genre) ?? -1),
      c: t.cluster,
      p: t.playlistIndex,
      h: t.audioHref,
      d: t.durationSec,
      f: t.path,
      xy: t.xy,
      xyz: t.xyz,
      ...(t.added ? { n: 1 as const } : {}),
    })),
    genres: order,
    labelNoun: labelNounOf(result),
    genreColors: genreColors(order),
    missingColor: MISSING_COLOR,
    clusterColors,
    playlists: result.playlists.map((p) => ({ name: p.name, file: p.file, cluster: p.cluster, tracks: p.trackIndices })),
    near: result.moreLikeThis?.lists ?? [],
  };
}

/** The "more like this" panel, filled by the page script for the track that plays. */
function similarPanel(result: RunResult): string {
  const m = result.moreLikeThis;
  if (!m) return '';
  const how = `${m.exact ? 'nearest' : 'near (approximate search)'} in ${m.space}`;
  return `<section id="mcp-similar" hidden><h3>More like <span id="mcp-similar-of"></span></h3>
<p class="meta">The tracks that sound closest to the one playing (${escapeHtml(how)}), nearest first; ▶ plays one, and its own list follows. <a id="mcp-similar-save" download="more-like-this.m3u8" href="#">Save as a playlist</a> (the playing track and these, absolute paths), or make a longer one with <code>mir-cluster-playlist similar</code>.</p>
<ol id="mcp-similar-list" class="tracks"></ol></section>
`;
}

function fmtNum(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return Number.isInteger(v) ? String(v) : v.toFixed(digits);
}

/** A sweep cell: counts (`n_…`) as integers, scores always with three decimals (0.000, 1.000). */
function fmtMetric(name: string, v: number | null | undefined): string {
  if (name.startsWith('n_') || v === null || v === undefined || !Number.isFinite(v)) return fmtNum(v);
  return v.toFixed(3);
}

function table(
  head: string[],
  rows: string[][],
  rowClass: (r: number) => string = () => '',
  numeric: (c: number) => boolean = () => false,
  link: (r: number, c: number) => string | undefined = () => undefined,
): string {
  const shown = rows.slice(0, MAX_TABLE_ROWS);
  const note = rows.length > shown.length ? `<p class="meta">first ${shown.length} of ${rows.length} rows</p>` : '';
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = shown
    .map((r, i) => {
      const cls = rowClass(i);
      const tds = r
        .map((c, j) => {
          const href = link(i, j);
          const text = href === undefined ? escapeHtml(c) : `<a href="${escapeHtml(href)}">${escapeHtml(c)}</a>`;
          return `<td${numeric(j) ? ' class="num"' : ''}>${text}</td>`;
        })
        .join('');
      return `<tr${cls ? ` class="${cls}"` : ''}>${tds}</tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table></div>${note}`;
}

/**
 * SVG markup ready to inline: ECharts ids/classes (`zrN-…`) are prefixed per plot so two inlined
 * plots never share an id or a style rule, and any XML prolog is dropped.
 */
function inlineSvg(svg: string, k: number): string {
  return svg.replace(/<\?xml[^>]*\?>/g, '').replace(ZR_PREFIX, `$1p${k}zr-`);
}

function metricsSection(result: RunResult): string {
  const names = sweepMetricNames(result);
  const c = result.chosen;
  const chosenIdx = (r: number): string => {
    const row = result.sweep[r]!;
    return row.space === c.space && row.method === c.method && row.k === c.k ? 'chosen' : '';
  };
  const sweep = table(
    ['space', 'method', 'k', ...names],
    result.sweep.map((r) => [r.space, r.method, String(r.k), ...names.map((m) => fmtMetric(m, r.metrics[m]))]),
    chosenIdx,
    (j) => j >= 2,
  );
  const chosenTable = table(['space', 'method', 'k', 'reason'], [[c.space, c.method, String(c.k), c.reason]]);
  const noun = labelNounOf(result);
  const scores = c.metrics ? Object.entries(c.metrics) : [];
  const labelled = c.metrics?.n_labelled;
  const scoreNote =
    labelled === 0
      ? `<p class="meta">no track has a ${escapeHtml(noun)}: the scores against ${escapeHtml(noun)}s are left out (—)</p>`
      : typeof labelled === 'number'
        ? `<p class="meta">scored against the ${escapeHtml(noun)}s of ${labelled} tracks${c.metrics?.n_unlabelled ? ` (${c.metrics.n_unlabelled} without one left out)` : ''}; silhouette, Calinski–Harabasz, Davies–Bouldin and inertia need no labels</p>`
        : '';
  const scoresTable = scores.length
    ? `<h3>Scores of the chosen clustering</h3>
${scoreNote}
${table(['score', 'value'], scores.map(([m, v]) => [m, fmtMetric(m, v)]), () => '', (j) => j === 1)}`
    : '';
  const clusterRows = result.playlists.map((p) => [String(p.index + 1), p.name, p.cluster < 0 ? 'unassigned' : String(p.cluster), String(p.trackIndices.length)]);
  const plLinks = (r: number, c: number): string | undefined => (c === 1 ? `#playlist-${r + 1}` : undefined);
  return `<h2 id="metrics">Metrics</h2>
<h3>Chosen clustering</h3>
${chosenTable}
${scoresTable}
<h3>Playlists</h3>
${table(['#', 'name', 'cluster', 'tracks'], clusterRows, () => '', (j) => j === 0 || j === 3, plLinks)}
<h3>Sweep (${result.sweep.length} clusterings; chosen row highlighted)</h3>
${result.sweep.length ? sweep : '<p class="meta">no sweep was run</p>'}`;
}

/** The complete, self-contained report.html text for this result and its rendered plots. */
export function buildReportHtml(result: RunResult, plots: PlotFile[]): string {
  // The same folding as `similar`'s names: `beyonce` finds Beyoncé in the page as on the command line.
  const script = `(${reportClient.toString()})(${foldForSearch.toString()});`;
  if (/<\/script/i.test(script)) throw new Error('report: page script contains </script>');
  // Only this exact script may run: a hash-pinned CSP blocks any injected script or handler.
  const hash = createHash('sha256').update(script, 'utf8').digest('base64');
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${hash}'`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    'media-src * file: blob: data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const n = result.tracks.length;
  const noun = escapeHtml(labelNounOf(result));
  const influence = noun === 'genre' ? 'tags influence clusters (tracks sharing a genre' : `${noun}s influence clusters (tracks sharing a ${noun}`;
  const bias =
    result.genreBias > 0
      ? `<p class="banner" id="genre-bias-banner">genre-bias ${escapeHtml(fmtNum(result.genreBias, 2))}: ${influence} were drawn closer before clustering)</p>`
      : '';
  const settings = table(
    ['setting', 'value'],
    Object.entries(result.settings).map(([k, v]) => [k, String(v)]),
  );
  const errors = result.errors.length
    ? table(['path', 'stage', 'reason'], result.errors.map((e) => [e.path, e.stage, e.reason]))
    : '<p class="meta">no errors</p>';
  const figures = plots
    .map(
      (p, k) => `<figure id="plot-${escapeHtml(p.file.replace(/\.svg$/, ''))}">
${inlineSvg(p.svg, k)}
<figcaption>${escapeHtml(p.caption)} · <a href="${escapeHtml(safeHref(`plots/${encodeURIComponent(p.file)}`))}">plots/${escapeHtml(p.file)}</a></figcaption>
</figure>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(result.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(result.title)}</h1>
<p class="meta">${n} tracks · ${result.playlists.length} playlists · clustering ${escapeHtml(result.chosen.method)} on ${escapeHtml(result.chosen.space)}, k = ${result.chosen.k} · ${result.errors.length} files skipped · created ${escapeHtml(result.createdAt)}</p>
${bias}
<nav><a href="#map">Map</a><a href="#playlists">Playlists</a><a href="#metrics">Metrics</a><a href="#plots">Plots</a><a href="#settings">Settings</a><a href="#errors">Errors</a></nav>
</header>
<main>
<h2 id="map">Map of the library</h2>
<p class="meta">Each point is a track${result.mapSpace ? `, placed by ${escapeHtml(result.mapSpace)}` : ''}. Hover for its tags, click or tap to play it. Wheel or pinch zooms; drag pans (2-D) or rotates (3-D). A legend entry shows its group alone; click it again for all.</p>
<div class="controls">
<button type="button" data-map-mode="2d" aria-pressed="true">2-D</button>
<button type="button" data-map-mode="3d" aria-pressed="false">3-D</button>
<label>colour by <select id="mcp-color-by"><option value="cluster">cluster</option><option value="genre">${noun}</option></select></label>
<button type="button" id="mcp-reset">reset view</button>
</div>
<div class="map-wrap">
<div class="map-box"><canvas id="mcp-map" aria-label="map of the library"></canvas><div id="mcp-tooltip" hidden></div></div>
<ul id="mcp-legend"></ul>
</div>
<div class="player"><audio id="mcp-audio" controls preload="none"></audio><span id="mcp-now-playing">click a point to play it</span></div>
<div class="explore">
<section class="find"><label>find a track <input id="mcp-find" type="search" placeholder="artist, title or file name" autocomplete="off"></label> <span id="mcp-find-count" class="meta"></span>
<ol id="mcp-find-list" class="tracks" hidden></ol></section>
${similarPanel(result)}</div>
<h2 id="playlists">Playlists</h2>
<div id="mcp-playlists"></div>
${metricsSection(result)}
<h2 id="plots">Plots</h2>
${figures || '<p class="meta">no plots</p>'}
<h2 id="settings">Settings</h2>
${settings}
<h2 id="errors">Files that could not be used (${result.errors.length})</h2>
${errors}
</main>
<script type="application/json" id="mcp-data">${jsonForScript(clientData(result))}</script>
<script>${script}</script>
</body>
</html>
`;
}

/** What `writeReport` wrote: the report path and the plots (also written under plots/). */
export interface WrittenReport {
  htmlPath: string;
  plots: PlotFile[];
}

/**
 * Removes `report.html` and the plots of an earlier run from `outDir` (a run without a report):
 * they would describe another clustering, and link playlists that have been replaced. Returns the
 * number of files removed.
 */
export function removeReport(outDir: string): number {
  const html = join(outDir, 'report.html');
  const had = existsSync(html);
  removeOwnFile(html);
  return removeStalePlots(join(outDir, 'plots')).length + (had ? 1 : 0);
}

/**
 * Writes `<outDir>/report.html` (atomically). Plots are rendered unless given, and written to
 * `<outDir>/plots/` unless `writePlotFiles` is false (the report inlines them either way).
 */
export function writeReport(result: RunResult, outDir: string, opts: { plots?: PlotFile[]; writePlotFiles?: boolean } = {}): WrittenReport {
  const plots = opts.plots ?? renderPlots(result);
  if (opts.writePlotFiles !== false) writePlots(result, join(outDir, 'plots'), plots);
  const htmlPath = join(outDir, 'report.html');
  writeFileAtomic(htmlPath, buildReportHtml(result, plots));
  return { htmlPath, plots };
}
