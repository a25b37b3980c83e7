import { genreColors, MISSING_COLOR } from '../colors.js';
import { genreOrderOf, labelNounOf, noLabelText, orderByGenre } from '../groups.js';
import { LEGEND_WIDTH } from '../legend.js';
import { type ChartOption, formatTick, renderSvg, sampleIndices, truncateLabel } from '../render.js';
import type { CentroidStats, RunResult } from '../types.js';

// Up to this many files each get a box; beyond, quartile bands keep the SVG small and legible.
const MAX_BOXES = 150;
// Up to this many files each get a (rotated, truncated) title on the x axis.
const MAX_FILE_LABELS = 60;
const MAX_DRAWN = 4000;

function trackLabel(result: RunResult, i: number): string {
  const t = result.tracks[i]!;
  const name = t.title || t.path.split(/[\\/]/).pop() || t.path;
  return truncateLabel(name, 24);
}

function chart(result: RunResult, stats: CentroidStats[], byGenre: boolean): string {
  const n = stats.length;
  const genreOrder = genreOrderOf(result);
  const colors = genreColors(genreOrder);
  const colorOf = new Map(genreOrder.map((g, i) => [g, colors[i]!]));
  const genreColor = (s: CentroidStats): string => {
    const g = result.tracks[s.track]?.genre ?? null;
    return g === null ? MISSING_COLOR : (colorOf.get(g) ?? MISSING_COLOR);
  };
  const noun = labelNounOf(result);
  const genreName = (s: CentroidStats): string => result.tracks[s.track]?.genre ?? noLabelText(result);
  let order: CentroidStats[];
  if (byGenre) {
    const byTrack = new Map(stats.map((s) => [s.track, s]));
    order = orderByGenre(result, (i) => byTrack.get(i)?.median ?? 0)
      .filter((i) => byTrack.has(i))
      .map((i) => byTrack.get(i)!);
  } else {
    order = [...stats].sort((a, b) => a.median - b.median || a.track - b.track);
  }
  // Huge libraries: an evenly spaced sample of the sorted files keeps the curve shape, not the bytes.
  if (order.length > MAX_DRAWN) order = sampleIndices(order.length, MAX_DRAWN).map((k) => order[k]!);
  const showFiles = n <= MAX_FILE_LABELS;
  const cats = order.map((s, k) => (showFiles ? trackLabel(result, s.track) : String(k + 1)));
  // In genre order, label only the first file of each genre run (the rest would overlap).
  const firstOfGenre = new Set<number>();
  order.forEach((s, k) => {
    if (k === 0 || genreName(order[k - 1]!) !== genreName(s)) firstOfGenre.add(k);
  });
  const xAxis = {
    type: 'category',
    data: cats,
    name: byGenre ? `files, grouped by ${noun} (colour order), by median inside a ${noun}` : 'files, sorted by median',
    nameLocation: 'middle',
    nameGap: showFiles || byGenre ? 150 : 30,
    axisTick: { show: false },
    axisLabel:
      byGenre && !showFiles
        ? {
            interval: (k: number) => firstOfGenre.has(k),
            formatter: (_v: string, k: number) => truncateLabel(genreName(order[k]!), 20),
            rotate: 45,
            hideOverlap: true,
            fontSize: 10,
          }
        : showFiles
          ? { interval: 0, rotate: 60, fontSize: 10 }
          : { hideOverlap: true, fontSize: 10 },
  };
  const yAxis = {
    type: 'value',
    name: 'spectral centroid (Hz)',
    nameLocation: 'middle',
    nameGap: 55,
    axisLabel: { formatter: formatTick },
  };
  const series: Record<string, unknown>[] = [];
  if (n <= MAX_BOXES) {
    series.push({
      type: 'boxplot',
      name: 'centroid',
      data: order.map((s) => ({
        value: [s.min, s.q1, s.median, s.q3, s.max],
        itemStyle: byGenre ? { color: genreColor(s), borderColor: '#333' } : { color: '#9ecae1', borderColor: '#2171b5' },
      })),
    });
  } else {
    // Quartile band: an invisible q1 line with (q3 - q1) stacked on top and filled.
    series.push(
      { type: 'line', name: 'min', data: order.map((s) => s.min), showSymbol: false, lineStyle: { width: 0.6, color: '#bbb' } },
      { type: 'line', name: 'max', data: order.map((s) => s.max), showSymbol: false, lineStyle: { width: 0.6, color: '#bbb' } },
      { type: 'line', stack: 'iqr', stackStrategy: 'all', name: 'q1', data: order.map((s) => s.q1), showSymbol: false, lineStyle: { width: 0 } },
      {
        type: 'line',
        stack: 'iqr',
        stackStrategy: 'all',
        name: 'q1–q3',
        data: order.map((s) => s.q3 - s.q1),
        showSymbol: false,
        lineStyle: { width: 0 },
        areaStyle: { color: byGenre ? '#d9d9d9' : '#9ecae1', opacity: 0.8 },
      },
    );
    if (byGenre) {
      // One series per genre so a large library is drawn as one compact path per genre.
      const byName = new Map<string, { color: string; data: number[][] }>();
      order.forEach((s, k) => {
        const name = genreName(s);
        let e = byName.get(name);
        if (!e) byName.set(name, (e = { color: genreColor(s), data: [] }));
        e.data.push([k, s.median]);
      });
      for (const [name, e] of byName) {
        series.push({ type: 'scatter', name, data: e.data, symbol: 'rect', symbolSize: 3, large: true, largeThreshold: 1, itemStyle: { color: e.color } });
      }
    } else {
      series.push({ type: 'line', name: 'median', data: order.map((s) => s.median), showSymbol: false, lineStyle: { width: 1.2, color: '#08519c' } });
    }
  }
  const width = Math.min(1600, Math.max(900, n <= MAX_BOXES ? 200 + n * 9 : 1200));
  const bottom = showFiles || byGenre ? 170 : 60;
  const option = {
    title: {
      text: `Spectral centroid per file, ${byGenre ? `grouped by ${noun}` : 'sorted by median'}`,
      subtext: `${n} files${n > MAX_DRAWN ? ` (${MAX_DRAWN} evenly sampled drawn)` : ''} · ${n <= MAX_BOXES ? 'box: quartiles, whiskers: min–max' : 'band: quartiles, thin lines: min and max'}${byGenre ? ` · colour: ${noun} (no ${noun} = grey)` : ''}`,
      left: 'center',
    },
    grid: { left: 80, right: byGenre ? 40 : LEGEND_WIDTH / 2, top: 80, bottom },
    xAxis,
    yAxis,
    series,
  } as ChartOption;
  return renderSvg(option, { width, height: 480 + bottom });
}

/** SVG box plots of per-file spectral centroid (Hz), sorted by median. */
export function centroidByMedianPlot(result: RunResult): string {
  return chart(result, result.centroidStats ?? [], false);
}

/** SVG box plots of per-file spectral centroid (Hz), grouped by genre in colour order. */
export function centroidByGenrePlot(result: RunResult): string {
  return chart(result, result.centroidStats ?? [], true);
}
