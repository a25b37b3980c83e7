import { labelNounOf, noLabelText, orderByGenre } from '../groups.js';
import { encodePng } from '../png.js';
import { type ChartOption, renderSvg, truncateLabel } from '../render.js';
import type { RunResult } from '../types.js';

// More tracks than this are averaged in adjacent groups (same genre only) so cells stay visible.
const MAX_COLUMNS = 240;
// Scaled features are z-scores: ±3 covers almost every value; beyond saturates.
const CLIP = 3;
/** The diverging scale from −CLIP to +CLIP, stops evenly spaced (as the visual map spaces them). */
export const HEATMAP_COLOURS = ['#2166ac', '#92c5de', '#f7f7f7', '#f4a582', '#b2182b'];
const GRID = { left: 230, right: 90, top: 80, bottom: 110 };

// the stops as [r, g, b], parsed once
const STOPS = HEATMAP_COLOURS.map((h) => [1, 3, 5].map((o) => Number.parseInt(h.slice(o, o + 2), 16)));

/** RGB of value v on the scale (linear between neighbouring stops, clipped to ±CLIP). */
export function heatmapRgb(v: number): [number, number, number] {
  const x = ((Math.max(-CLIP, Math.min(CLIP, v)) + CLIP) / (2 * CLIP)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const t = x - i;
  return [0, 1, 2].map((k) => Math.round(STOPS[i]![k]! + (STOPS[i + 1]![k]! - STOPS[i]![k]!) * t)) as [number, number, number];
}

/** SVG heat map of the scaled feature matrix (features × tracks), tracks grouped by genre. */
export function featureHeatmapPlot(result: RunResult): string {
  const names = result.featureNames;
  const order = orderByGenre(result, (i) => i);
  const noun = labelNounOf(result);
  const genreOf = (i: number): string => result.tracks[i]!.genre ?? noLabelText(result);
  // Split the ordered tracks into columns, never mixing genres within one column.
  const runs: number[][] = [];
  for (const i of order) {
    const last = runs[runs.length - 1];
    if (last && genreOf(last[0]!) === genreOf(i)) last.push(i);
    else runs.push([i]);
  }
  const perCol = Math.max(1, Math.ceil(order.length / MAX_COLUMNS));
  const columns: number[][] = [];
  for (const run of runs) for (let k = 0; k < run.length; k += perCol) columns.push(run.slice(k, k + perCol));
  // the cells are one embedded PNG (a few hundred kB) rather than one SVG element each (8 MB for
  // 240 columns × 215 features); empty cells stay white
  const data: [number, number, number][] = [];
  columns.forEach((col, c) => {
    for (let f = 0; f < names.length; f++) {
      let s = 0;
      let m = 0;
      for (const i of col) {
        const v = result.features[i]?.[f];
        if (v !== undefined && Number.isFinite(v)) {
          s += v;
          m++;
        }
      }
      if (m > 0) data.push([c, f, Math.max(-CLIP, Math.min(CLIP, s / m))]);
    }
  });
  const firstOfGenre = new Set<number>();
  columns.forEach((col, c) => {
    if (c === 0 || genreOf(columns[c - 1]![0]!) !== genreOf(col[0]!)) firstOfGenre.add(c);
  });
  const rowH = names.length > 80 ? 9 : 13;
  const height = Math.max(420, 200 + names.length * rowH);
  const width = Math.max(900, Math.min(1600, 300 + columns.length * 5));
  const gridW = width - GRID.left - GRID.right;
  const gridH = height - GRID.top - GRID.bottom;
  const cw = Math.max(1, Math.floor(gridW / Math.max(1, columns.length)));
  const ch = Math.max(1, Math.floor(gridH / Math.max(1, names.length)));
  const imgW = Math.max(1, columns.length * cw);
  const imgH = Math.max(1, names.length * ch);
  const rgb = new Uint8Array(imgW * imgH * 3).fill(255);
  for (const [c, f, v] of data) {
    const colour = heatmapRgb(v);
    for (let y = f * ch; y < (f + 1) * ch; y++) {
      for (let x = c * cw; x < (c + 1) * cw; x++) rgb.set(colour, (y * imgW + x) * 3);
    }
  }
  const png = `data:image/png;base64,${encodePng(imgW, imgH, rgb).toString('base64')}`;
  const option = {
    title: {
      text: `Feature matrix (standard-scaled), tracks grouped by ${noun}`,
      subtext: `${names.length} features × ${order.length} tracks${perCol > 1 ? ` · each column averages up to ${perCol} tracks of one ${noun}` : ''} · values clipped to ±${CLIP}`,
      left: 'center',
    },
    grid: GRID,
    xAxis: {
      type: 'category',
      data: columns.map((_, c) => String(c)),
      name: `tracks (grouped by ${noun})`,
      nameLocation: 'middle',
      nameGap: 95,
      splitArea: { show: false },
      axisTick: { show: false },
      axisLabel: {
        interval: (c: number) => firstOfGenre.has(c),
        formatter: (_v: string, c: number) => truncateLabel(genreOf(columns[c]![0]!), 18),
        rotate: 60,
        hideOverlap: true,
        fontSize: 10,
      },
    },
    yAxis: {
      type: 'category',
      data: names.map((n) => truncateLabel(n, 34)),
      inverse: true,
      name: 'feature',
      nameLocation: 'start',
      axisTick: { show: false },
      axisLabel: { interval: 0, fontSize: rowH >= 13 ? 10 : 8, hideOverlap: true },
    },
    visualMap: {
      type: 'continuous',
      min: -CLIP,
      max: CLIP,
      calculable: false,
      orient: 'vertical',
      right: 10,
      top: 'middle',
      text: ['+3 σ', '−3 σ'],
      inRange: { color: HEATMAP_COLOURS },
    },
    // the series keeps the axes and the visual map; its cells are drawn by the image below
    series: [{ type: 'heatmap', name: 'z-score', data: [], progressive: 0 }],
    graphic: [{ type: 'image', left: GRID.left, top: GRID.top, z: -1, style: { image: png, width: gridW, height: gridH } }],
  } as ChartOption;
  // stretch the cell image over the whole grid (SVG would keep its aspect ratio) without smoothing
  return renderSvg(option, { width, height }).replace('<image ', '<image preserveAspectRatio="none" image-rendering="optimizeSpeed" ');
}
