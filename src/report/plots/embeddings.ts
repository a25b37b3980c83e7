import { type ColorBy, labelNounOf, type TrackGroup, trackGroups } from '../groups.js';
import { LEGEND_WIDTH, legendNote, rightLegend } from '../legend.js';
import { type ChartOption, formatTick, renderSvg, sampleIndices, truncateLabel } from '../render.js';
import type { ReportEmbedding, RunResult } from '../types.js';
import { VIEW_ANGLES, projectPoints } from './projection.js';

// Above this many points ECharts draws a series as one path (5x smaller, 5x faster SVG).
const LARGE_THRESHOLD = 1000;
const HIST_BINS = 30;
// At most this many points per panel are drawn (evenly sampled; histograms count every track),
// so a 100k-track library still gives SVGs of a few MB.
const MAX_POINTS_2D = 8000;
const MAX_POINTS_3D = 4000;

/** Group members restricted to an evenly spaced sample of at most `max` of the n tracks. */
function sampled(groups: TrackGroup[], n: number, max: number): TrackGroup[] {
  if (n <= max) return groups;
  const keep = new Uint8Array(n);
  for (const i of sampleIndices(n, max)) keep[i] = 1;
  return groups.map((g) => ({ ...g, members: g.members.filter((i) => keep[i] === 1) }));
}

function sampleNote(n: number, max: number): string {
  return n > max ? ` · ${max} of ${n} tracks drawn (evenly sampled)` : '';
}

/** Marker size in px: smaller for bigger libraries so clouds stay readable. */
function symbolSize(n: number): number {
  return n > 5000 ? 2 : n > 1000 ? 3 : n > 200 ? 5 : 7;
}

/** Deterministic jitter in [-0.5, 0.5) for point i (a hash, not an RNG: no seed needed). */
function jitter(i: number): number {
  let h = Math.imul(i ^ 0x5bd1e995, 0x27d4eb2d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 4294967296 - 0.5;
}

function coordRange(coords: number[][], d: number): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const c of coords) {
    const v = c[d]!;
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!(lo <= hi)) return [0, 1];
  const pad = (hi - lo) * 0.04 || 0.5;
  return [lo - pad, hi + pad];
}

function axisName(emb: ReportEmbedding, d: number): string {
  return emb.axisLabels?.[d] ?? `${emb.label} ${d + 1}`;
}

function title(result: RunResult, emb: ReportEmbedding, by: ColorBy, groups: TrackGroup[], n: number, maxPoints: number): Record<string, unknown> {
  const noun = labelNounOf(result);
  return {
    text: `${emb.label} ${emb.dims}-D embedding, coloured by ${by === 'genre' ? noun : by}`,
    subtext: `${n} tracks${by === 'genre' ? (noun === 'genre' ? ' · no genre tag = grey' : ` · no ${noun} = grey`) : ' · unassigned = grey'}${legendNote(groups)}${sampleNote(n, maxPoints)}`,
    left: 'center',
  };
}

function scatterSeries(
  name: string,
  color: string,
  data: number[][],
  n: number,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: 'scatter',
    name,
    data,
    symbolSize: symbolSize(n),
    // Decided on the library size, not the series size: many small series add up too.
    large: n > LARGE_THRESHOLD,
    largeThreshold: 1,
    // Squares need a third of the path text of circles and look the same at 2-3 px.
    symbol: n > LARGE_THRESHOLD ? 'rect' : 'circle',
    itemStyle: { color, opacity: 0.8 },
    ...extra,
  };
}

function oneD(result: RunResult, emb: ReportEmbedding, by: ColorBy): string {
  const groups = trackGroups(result, by);
  const n = result.tracks.length;
  const [lo, hi] = coordRange(emb.coords, 0);
  const g = groups.length;
  const height = Math.max(360, 140 + g * 24);
  const option: ChartOption = {
    title: title(result, emb, by, groups, n, MAX_POINTS_2D),
    legend: rightLegend(groups),
    grid: { left: 170, right: LEGEND_WIDTH + 20, top: 80, bottom: 60 },
    xAxis: {
      type: 'value',
      min: lo,
      max: hi,
      name: axisName(emb, 0),
      nameLocation: 'middle',
      nameGap: 30,
      axisLine: { onZero: false },
      axisLabel: { formatter: formatTick, hideOverlap: true, showMinLabel: false, showMaxLabel: false },
    },
    // Labels come from a category axis; points sit on a hidden value axis with the same bands.
    yAxis: [
      {
        type: 'category',
        data: groups.map((grp) => truncateLabel(grp.label, 24)),
        inverse: true,
        axisTick: { show: false },
        axisLabel: { interval: 0, fontSize: 11 },
      },
      { type: 'value', min: -0.5, max: g - 0.5, inverse: true, show: false },
    ],
    series: sampled(groups, n, MAX_POINTS_2D).map((grp, gi) =>
      scatterSeries(
        grp.label,
        grp.color,
        grp.members.map((i) => [emb.coords[i]![0]!, gi + 0.7 * jitter(i)]),
        n,
        { yAxisIndex: 1 },
      ),
    ),
  } as ChartOption;
  return renderSvg(option, { width: 960, height });
}

/** Per-group counts of `values` in HIST_BINS equal bins over [lo, hi]. */
function histogram(groups: TrackGroup[], value: (i: number) => number, lo: number, hi: number): number[][] {
  const w = (hi - lo) / HIST_BINS;
  return groups.map((grp) => {
    const counts = new Array<number>(HIST_BINS).fill(0);
    for (const i of grp.members) {
      const v = value(i);
      if (!Number.isFinite(v)) continue;
      counts[Math.min(HIST_BINS - 1, Math.max(0, Math.floor((v - lo) / w)))]! += 1;
    }
    return counts;
  });
}

function twoD(result: RunResult, emb: ReportEmbedding, by: ColorBy): string {
  const groups = trackGroups(result, by);
  const n = result.tracks.length;
  const [xlo, xhi] = coordRange(emb.coords, 0);
  const [ylo, yhi] = coordRange(emb.coords, 1);
  const width = 1000;
  const height = 820;
  const left = 80;
  const right = LEGEND_WIDTH + 110;
  const top = 180;
  const bottom = 60;
  const mainW = width - left - right;
  const hx = histogram(groups, (i) => emb.coords[i]![0]!, xlo, xhi);
  const hy = histogram(groups, (i) => emb.coords[i]![1]!, ylo, yhi);
  const bins = Array.from({ length: HIST_BINS }, (_, b) => String(b));
  const option = {
    title: title(result, emb, by, groups, n, MAX_POINTS_2D),
    legend: rightLegend(groups, top - 100),
    grid: [
      { left, right, top, bottom },
      { left, right, top: top - 95, height: 80 },
      { left: left + mainW + 24, width: 80, top, bottom },
    ],
    xAxis: [
      {
        gridIndex: 0,
        type: 'value',
        min: xlo,
        max: xhi,
        name: axisName(emb, 0),
        nameLocation: 'middle',
        nameGap: 30,
        axisLine: { onZero: false },
        axisLabel: { formatter: formatTick, hideOverlap: true, showMinLabel: false, showMaxLabel: false },
      },
      { gridIndex: 1, type: 'category', data: bins, show: false },
      { gridIndex: 2, type: 'value', name: 'count', nameLocation: 'middle', nameGap: 22, splitNumber: 2, axisLabel: { fontSize: 10, hideOverlap: true, showMinLabel: false } },
    ],
    yAxis: [
      {
        gridIndex: 0,
        type: 'value',
        min: ylo,
        max: yhi,
        name: axisName(emb, 1),
        nameLocation: 'middle',
        nameGap: 55,
        axisLine: { onZero: false },
        axisLabel: { formatter: formatTick, hideOverlap: true, showMinLabel: false, showMaxLabel: false },
      },
      { gridIndex: 1, type: 'value', name: 'count', nameLocation: 'middle', nameGap: 40, splitNumber: 2, axisLabel: { fontSize: 10, showMinLabel: false } },
      { gridIndex: 2, type: 'category', data: bins, show: false },
    ],
    series: [
      ...sampled(groups, n, MAX_POINTS_2D).map((grp) =>
        scatterSeries(
          grp.label,
          grp.color,
          grp.members.map((i) => [emb.coords[i]![0]!, emb.coords[i]![1]!]),
          n,
        ),
      ),
      ...groups.map((grp, gi) => ({
        type: 'bar',
        name: grp.label,
        xAxisIndex: 1,
        yAxisIndex: 1,
        stack: 'hx',
        barCategoryGap: '5%',
        itemStyle: { color: grp.color },
        data: hx[gi],
      })),
      ...groups.map((grp, gi) => ({
        type: 'bar',
        name: grp.label,
        xAxisIndex: 2,
        yAxisIndex: 2,
        stack: 'hy',
        barCategoryGap: '5%',
        itemStyle: { color: grp.color },
        data: hy[gi],
      })),
    ],
  } as ChartOption;
  return renderSvg(option, { width, height });
}

function threeD(result: RunResult, emb: ReportEmbedding, by: ColorBy): string {
  const groups = trackGroups(result, by);
  const n = result.tracks.length;
  const panelW = 380;
  const panelH = 400;
  const cols = 2;
  const top = 80;
  const gap = 30;
  const width = cols * panelW + gap * (cols + 1) + LEGEND_WIDTH;
  const rows = Math.ceil(VIEW_ANGLES.length / cols);
  const height = top + rows * (panelH + gap) + 10;
  const proj = VIEW_ANGLES.map((a) => projectPoints(emb.coords, a.azimuthDeg, a.elevationDeg));
  const names = [0, 1, 2].map((d) => truncateLabel(axisName(emb, d), 18));
  const grids = VIEW_ANGLES.map((_, p) => ({
    left: gap + (p % cols) * (panelW + gap),
    top: top + Math.floor(p / cols) * (panelH + gap) + 20,
    width: panelW,
    height: panelH - 20,
    show: true,
    borderColor: '#ccc',
  }));
  const axes = VIEW_ANGLES.map((_, p) => ({ gridIndex: p, type: 'value', min: -1.08, max: 1.08, show: false }));
  const series: Record<string, unknown>[] = [];
  VIEW_ANGLES.forEach((_, p) => {
    const pr = proj[p]!;
    for (const grp of sampled(groups, n, MAX_POINTS_3D)) {
      // Far points first so near ones are drawn on top (painter's order within a group).
      const members = [...grp.members].sort((i, j) => pr.depth[j]! - pr.depth[i]!);
      series.push(
        scatterSeries(
          grp.label,
          grp.color,
          members.map((i) => [pr.x[i]!, pr.y[i]!]),
          n,
          { xAxisIndex: p, yAxisIndex: p },
        ),
      );
    }
    // Axis triad so the viewer can tell the angle: the three embedding axes, projected.
    pr.axes.forEach((end, d) => {
      series.push({
        type: 'line',
        xAxisIndex: p,
        yAxisIndex: p,
        silent: true,
        symbol: 'none',
        lineStyle: { color: '#555', width: 1 },
        data: [
          [pr.origin[0], pr.origin[1]],
          [end[0], end[1]],
        ],
        endLabel: { show: true, formatter: names[d], fontSize: 10, color: '#333' },
      });
    });
  });
  const option = {
    title: [
      title(result, emb, by, groups, n, MAX_POINTS_3D),
      ...VIEW_ANGLES.map((a, p) => ({
        text: `azimuth ${a.azimuthDeg}°, elevation ${a.elevationDeg}°`,
        left: grids[p]!.left + panelW / 2,
        top: grids[p]!.top - 20,
        textAlign: 'center',
        textStyle: { fontSize: 12, fontWeight: 'normal' },
      })),
    ],
    legend: rightLegend(groups),
    grid: grids,
    xAxis: axes,
    yAxis: axes,
    series,
  } as ChartOption;
  return renderSvg(option, { width, height });
}

/** SVG of one embedding (1-D strip plot, 2-D scatter with marginal histograms, 3-D from 4 angles). */
export function embeddingPlot(result: RunResult, emb: ReportEmbedding, by: ColorBy): string {
  if (emb.dims === 1) return oneD(result, emb, by);
  if (emb.dims === 2) return twoD(result, emb, by);
  return threeD(result, emb, by);
}
