import { NO_GENRE_LABEL, orderByGenre } from '../groups.js';
import { type ChartOption, renderSvg, truncateLabel } from '../render.js';
import type { RunResult } from '../types.js';

// More tracks than this are averaged in adjacent groups (same genre only) so cells stay visible.
const MAX_COLUMNS = 240;
// Scaled features are z-scores: ±3 covers almost every value; beyond saturates.
const CLIP = 3;

/** SVG heat map of the scaled feature matrix (features × tracks), tracks grouped by genre. */
export function featureHeatmapPlot(result: RunResult): string {
  const names = result.featureNames;
  const order = orderByGenre(result, (i) => i);
  const genreOf = (i: number): string => result.tracks[i]!.genre ?? NO_GENRE_LABEL;
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
  const option = {
    title: {
      text: 'Feature matrix (standard-scaled), tracks grouped by genre',
      subtext: `${names.length} features × ${order.length} tracks${perCol > 1 ? ` · each column averages up to ${perCol} tracks of one genre` : ''} · values clipped to ±${CLIP}`,
      left: 'center',
    },
    grid: { left: 230, right: 90, top: 80, bottom: 110 },
    xAxis: {
      type: 'category',
      data: columns.map((_, c) => String(c)),
      name: 'tracks (grouped by genre)',
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
      inRange: { color: ['#2166ac', '#92c5de', '#f7f7f7', '#f4a582', '#b2182b'] },
    },
    series: [{ type: 'heatmap', name: 'z-score', data, progressive: 0 }],
  } as ChartOption;
  return renderSvg(option, { width, height });
}
