import { clusterColor, genreColors, MISSING_COLOR } from '../colors.js';
import { clusterNamer, genreOrderOf, labelNounOf, noLabelText, type TrackGroup, trackGroups } from '../groups.js';
import { LEGEND_WIDTH, legendNote, rightLegend } from '../legend.js';
import { type ChartOption, formatTick, renderSvg, truncateLabel } from '../render.js';
import type { RunResult } from '../types.js';
import { capitalise } from '../../util/text.js';

/** Metric names of the sweep, in first-seen order. */
export function sweepMetricNames(result: RunResult): string[] {
  const seen = new Set<string>();
  for (const r of result.sweep) for (const m of Object.keys(r.metrics)) seen.add(m);
  return [...seen];
}

/** Scores bounded above by 1 (sklearn's label scores and the silhouette). */
const AT_MOST_ONE = new Set([
  'adjusted_rand',
  'adjusted_mutual_info',
  'normalized_mutual_info',
  'homogeneity',
  'completeness',
  'v_measure',
  'fowlkes_mallows',
  'silhouette',
]);

/** SVG small multiples: each sweep metric against k, one line per (method, space). */
export function sweepMetricsPlot(result: RunResult): string {
  const metrics = sweepMetricNames(result);
  const combos = [...new Set(result.sweep.map((r) => `${r.method} · ${r.space}`))].sort();
  const cols = 3;
  const rows = Math.max(1, Math.ceil(metrics.length / cols));
  const panelW = 330;
  const panelH = 220;
  const gapX = 70;
  const gapY = 80;
  const top = 110;
  const width = cols * (panelW + gapX) + 40 + LEGEND_WIDTH;
  const height = top + rows * (panelH + gapY);
  const ks = [...new Set(result.sweep.map((r) => r.k))].sort((a, b) => a - b);
  const kMin = ks[0] ?? 0;
  const kMax = ks[ks.length - 1] ?? 1;
  const grids = metrics.map((_, p) => ({
    left: 60 + (p % cols) * (panelW + gapX),
    top: top + Math.floor(p / cols) * (panelH + gapY),
    width: panelW,
    height: panelH,
  }));
  // Colour tells the space, dash and marker tell the method: 12+ lines stay distinguishable.
  const spaces = [...new Set(result.sweep.map((r) => r.space))].sort();
  const methods = [...new Set(result.sweep.map((r) => r.method))].sort();
  const DASHES = ['solid', 'dashed', 'dotted'] as const;
  const SYMBOLS = ['circle', 'triangle', 'rect', 'diamond', 'pin'] as const;
  const comboStyle = (combo: string): { color: string; dash: string; symbol: string } => {
    const [method, space] = combo.split(' · ') as [string, string];
    const mi = methods.indexOf(method);
    return {
      color: clusterColor(spaces.indexOf(space)),
      dash: DASHES[mi % DASHES.length]!,
      symbol: SYMBOLS[mi % SYMBOLS.length]!,
    };
  };
  const lineColor = (c: number): string => comboStyle(combos[c]!).color;
  const chosen = result.chosen;
  // Calinski–Harabasz and inertia can differ by orders of magnitude between spaces (an
  // autoencoder's near-duplicate codes); a linear axis would flatten every other line to zero.
  const logPanel = metrics.map((m) =>
    wantsLogAxis(result.sweep.map((r) => r.metrics[m]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v))),
  );
  const series: Record<string, unknown>[] = [];
  metrics.forEach((m, p) => {
    combos.forEach((combo) => {
      const st = comboStyle(combo);
      const pts = result.sweep
        .filter((r) => `${r.method} · ${r.space}` === combo)
        .map((r) => [r.k, r.metrics[m]] as [number, number | null | undefined])
        .filter((d): d is [number, number] => typeof d[1] === 'number' && Number.isFinite(d[1]))
        .sort((a, b) => a[0] - b[0]);
      series.push({
        type: 'line',
        name: combo,
        xAxisIndex: p,
        yAxisIndex: p,
        data: pts,
        symbol: st.symbol,
        symbolSize: 4,
        lineStyle: { width: 1.5, color: st.color, type: st.dash },
        itemStyle: { color: st.color },
      });
    });
    const c = result.sweep.find((r) => r.space === chosen.space && r.method === chosen.method && r.k === chosen.k);
    const v = c?.metrics[m];
    if (typeof v === 'number' && Number.isFinite(v)) {
      series.push({
        type: 'scatter',
        name: 'chosen',
        xAxisIndex: p,
        yAxisIndex: p,
        data: [[chosen.k, v]],
        symbol: 'circle',
        symbolSize: 13,
        z: 10,
        itemStyle: { color: 'rgba(0,0,0,0)', borderColor: '#000', borderWidth: 2 },
      });
    }
  });
  const option = {
    title: [
      {
        text: 'Clustering sweep: metrics against number of clusters',
        subtext: `${result.sweep.length} clusterings · colour = space, dash/marker = method · ringed: chosen ${result.chosen.method} · ${result.chosen.space}, k = ${result.chosen.k}`,
        left: 'center',
      },
      ...metrics.map((m, p) => ({
        text: `${truncateLabel(m, 40)}${logPanel[p] ? ' (log)' : ''}`,
        left: grids[p]!.left + panelW / 2,
        top: grids[p]!.top - 24,
        textAlign: 'center',
        textStyle: { fontSize: 13 },
      })),
    ],
    legend: {
      ...rightLegend(combos.map((label, c) => ({ label, color: lineColor(c), members: [] }))),
      itemWidth: 28,
      formatter: (name: string) => truncateLabel(name, 26),
    },
    grid: grids,
    xAxis: metrics.map((_, p) => ({
      gridIndex: p,
      type: 'value',
      min: kMin,
      max: kMax,
      minInterval: 1,
      name: 'k',
      nameLocation: 'middle',
      nameGap: 24,
      axisLabel: { hideOverlap: true },
    })),
    yAxis: metrics.map((m, p) => ({
      gridIndex: p,
      type: logPanel[p] ? 'log' : 'value',
      scale: true,
      // scores that cannot exceed 1 stop there, instead of a tick at 1.1
      ...(AT_MOST_ONE.has(m) ? { max: 1 } : {}),
      axisLabel: { formatter: formatTick, hideOverlap: true },
    })),
    series,
  } as ChartOption;
  return renderSvg(option, { width, height });
}

/** True when every value is positive and they span more than two decades: such a panel reads on a log axis. */
export function wantsLogAxis(values: readonly number[]): boolean {
  if (values.length === 0 || !values.every((v) => v > 0 && Number.isFinite(v))) return false;
  return Math.max(...values) / Math.min(...values) > 100;
}

/**
 * SVG elbow curve: k-means inertia (sum of squared distances) against k, one line per space, on a
 * log axis (the elbow rule finds the knee of log inertia) with the chosen k ringed.
 */
export function elbowPlot(result: RunResult): string {
  const spaces = [...new Set(result.elbow.map((e) => e.space ?? 'features'))].sort();
  const log = result.elbow.length > 0 && result.elbow.every((e) => e.inertia > 0 && Number.isFinite(e.inertia));
  const chosen = result.elbow.find((e) => e.k === result.chosen.k && (spaces.length === 1 || e.space === result.chosen.space));
  const option = {
    title: {
      text: 'Elbow curve (k-means inertia)',
      subtext: `lower = tighter clusters; look for the bend${log ? ' (log scale, as the elbow rule reads it)' : ''}${chosen ? ` · ringed: the chosen k = ${chosen.k}` : ''}`,
      left: 'center',
    },
    legend: rightLegend(spaces.map((label, c) => ({ label, color: clusterColor(c), members: [] }))),
    grid: { left: 90, right: LEGEND_WIDTH + 20, top: 80, bottom: 60 },
    xAxis: { type: 'value', name: 'number of clusters k', nameLocation: 'middle', nameGap: 30, minInterval: 1, scale: true },
    yAxis: {
      type: log ? 'log' : 'value',
      name: log ? 'inertia (log scale)' : 'inertia',
      nameLocation: 'middle',
      nameGap: 65,
      scale: true,
      axisLabel: { formatter: formatTick },
    },
    series: [
      ...spaces.map((sp, c) => ({
        type: 'line',
        name: sp,
        data: result.elbow
          .filter((e) => (e.space ?? 'features') === sp)
          .map((e) => [e.k, e.inertia])
          .sort((a, b) => a[0]! - b[0]!),
        lineStyle: { color: clusterColor(c) },
        itemStyle: { color: clusterColor(c) },
      })),
      ...(chosen
        ? [
            {
              type: 'scatter',
              name: 'chosen',
              data: [[chosen.k, chosen.inertia]],
              symbol: 'circle',
              symbolSize: 16,
              z: 10,
              itemStyle: { color: 'rgba(0,0,0,0)', borderColor: '#000', borderWidth: 2 },
            },
          ]
        : []),
    ],
  } as ChartOption;
  return renderSvg(option, { width: 900, height: 520 });
}

// Per cluster, at most this many silhouette values are drawn (quantiles of the sorted values).
const MAX_SIL_POINTS = 400;

/** SVG silhouette plot: each cluster's sorted silhouette coefficients as a filled profile. */
export function silhouettePlot(result: RunResult): string {
  const sil = result.silhouetteSamples;
  const clusterName = clusterNamer(result);
  const byCluster = new Map<number, number[]>();
  result.tracks.forEach((t, i) => {
    const v = sil[i];
    if (v === undefined || !Number.isFinite(v)) return;
    let a = byCluster.get(t.cluster);
    if (!a) byCluster.set(t.cluster, (a = []));
    a.push(v);
  });
  const labels = [...byCluster.keys()].sort((a, b) => (a < 0 ? 1 : b < 0 ? -1 : a - b));
  const total = labels.reduce((s, c) => s + byCluster.get(c)!.length, 0);
  const gap = Math.max(2, Math.round(total * 0.02));
  let y0 = 0;
  let sum = 0;
  const polys: { label: number; points: [number, number][]; mid: number }[] = [];
  for (const c of labels) {
    const vals = byCluster.get(c)!.sort((a, b) => b - a);
    for (const v of vals) sum += v;
    const m = vals.length;
    const steps = Math.min(m, MAX_SIL_POINTS);
    const pts: [number, number][] = [[0, y0]];
    for (let s = 0; s < steps; s++) {
      const k = steps === 1 ? 0 : Math.round((s * (m - 1)) / (steps - 1));
      pts.push([vals[k]!, y0 + ((k + 0.5) / m) * m]);
    }
    pts.push([0, y0 + m]);
    polys.push({ label: c, points: pts, mid: y0 + m / 2 });
    y0 += m + gap;
  }
  const mean = total > 0 ? sum / total : 0;
  const height = Math.min(1400, Math.max(480, 160 + labels.length * 30));
  const option = {
    title: {
      text: 'Silhouette plot of the chosen clustering',
      subtext: `${result.chosen.method} · ${result.chosen.space}, k = ${result.chosen.k} · mean silhouette ${mean.toFixed(3)} (dashed)`,
      left: 'center',
    },
    grid: { left: 170, right: 40, top: 80, bottom: 60 },
    xAxis: { type: 'value', min: -1, max: 1, name: 'silhouette coefficient', nameLocation: 'middle', nameGap: 30 },
    yAxis: {
      type: 'value',
      min: 0,
      max: Math.max(1, y0 - gap),
      inverse: true,
      axisLabel: { show: false },
      axisTick: { show: false },
      splitLine: { show: false },
      name: 'tracks by cluster',
      nameLocation: 'middle',
      nameGap: 150,
    },
    series: [
      {
        // One filled polygon per cluster, from x = 0 out to each sorted coefficient.
        type: 'custom',
        name: 'silhouette',
        silent: true,
        data: polys.map((_, k) => [k]),
        renderItem: (params: { dataIndex: number }, api: { coord: (v: number[]) => number[] }) => {
          const p = polys[params.dataIndex]!;
          return {
            type: 'polygon',
            shape: { points: p.points.map((pt) => api.coord(pt)) },
            style: { fill: clusterColor(p.label), opacity: 0.8, stroke: clusterColor(p.label), lineWidth: 0.5 },
          };
        },
      },
      {
        type: 'scatter',
        name: 'labels',
        symbolSize: 0,
        data: polys.map((p) => ({
          value: [-1, p.mid],
          label: {
            show: true,
            position: 'left',
            formatter: truncateLabel(clusterName(p.label), 22),
            fontSize: 11,
            color: '#333',
          },
        })),
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { type: 'dashed', color: '#d62728' },
          label: { show: false },
          data: [{ xAxis: mean }],
        },
      },
    ],
  } as ChartOption;
  return renderSvg(option, { width: 900, height });
}

/**
 * Tracks of each genre (colour order, no-genre last) in each cluster (playlist order, unassigned
 * last): `counts[g][c]`. Every track is counted once.
 */
export function genreCountsByCluster(result: RunResult): { clusters: TrackGroup[]; genres: TrackGroup[]; counts: number[][] } {
  const clusters = trackGroups(result, 'cluster');
  const genres = trackGroups(result, 'genre');
  // Clusters are matched by membership, not by name: a cluster's label is its playlist's name.
  const clusterOf = new Int32Array(result.tracks.length).fill(-1);
  clusters.forEach((c, k) => {
    for (const i of c.members) clusterOf[i] = k;
  });
  const counts = genres.map((g) => {
    const row = new Array<number>(clusters.length).fill(0);
    for (const i of g.members) row[clusterOf[i]!]! += 1;
    return row;
  });
  return { clusters, genres, counts };
}

/** SVG stacked bars: number of tracks of each genre (colour order) in each cluster. */
export function genreByClusterPlot(result: RunResult): string {
  const { clusters, genres, counts } = genreCountsByCluster(result);
  const noun = labelNounOf(result);
  const genreOrder = genreOrderOf(result);
  const colors = genreColors(genreOrder);
  const colorOf = new Map(genreOrder.map((g, i) => [g, colors[i]!]));
  const cats = clusters.map((c) => c.label);
  const series = genres.map((g, gi) => ({
    type: 'bar',
    name: g.label,
    stack: 'genre',
    data: counts[gi]!,
    itemStyle: { color: g.label === noLabelText(result) ? MISSING_COLOR : (colorOf.get(g.label) ?? MISSING_COLOR) },
    barMaxWidth: 60,
  }));
  const width = Math.max(900, Math.min(1800, 300 + LEGEND_WIDTH + clusters.length * 40));
  const option = {
    title: {
      text: `${capitalise(noun)} distribution in each cluster`,
      subtext: `${result.tracks.length} tracks · ${noun === 'genre' ? 'genres' : `${noun}s`} in colour order (similar sound = similar colour)${legendNote(genres)}`,
      left: 'center',
    },
    legend: rightLegend(genres),
    grid: { left: 80, right: LEGEND_WIDTH + 20, top: 80, bottom: 90 },
    xAxis: {
      type: 'category',
      data: cats,
      name: 'cluster',
      nameLocation: 'middle',
      nameGap: 60,
      axisLabel: { rotate: clusters.length > 12 ? 45 : 0, hideOverlap: true, fontSize: 11 },
    },
    yAxis: { type: 'value', name: 'tracks', nameLocation: 'middle', nameGap: 50, minInterval: 1 },
    series,
  } as ChartOption;
  return renderSvg(option, { width, height: Math.max(520, 200 + Math.min(genres.length, 40) * 15) });
}
