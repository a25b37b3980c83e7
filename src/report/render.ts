import * as echarts from 'echarts';

/** ECharts option object, as accepted by `setOption`. */
export type ChartOption = echarts.EChartsOption;

/** Width and height of a plot in SVG user units (CSS px). */
export interface PlotSize {
  width: number;
  height: number;
}

/** ECharts' id/class prefix where it appears as markup (attribute, url(#…), style selector). */
export const ZR_PREFIX = /(="|\(#|^\.)zr\d+-/gm;

/**
 * ECharts numbers ids and classes with process-wide counters (`zr7-cls-341`, `zr7-c0`); renumbering
 * them in order of first use makes the same input give the same bytes whatever ran before.
 */
function normaliseIds(svg: string): string {
  const seen = new Map<string, number>();
  const perKind = new Map<string, number>();
  return svg.replace(/(="|\(#|^\.)zr\d+-([a-z]+)(-?)(\d+)/gm, (_m, lead: string, kind: string, dash: string, num: string) => {
    const key = `${kind}${dash}${num}`;
    let k = seen.get(key);
    if (k === undefined) {
      k = perKind.get(kind) ?? 0;
      perKind.set(kind, k + 1);
      seen.set(key, k);
    }
    return `${lead}zr0-${kind}${dash}${k}`;
  });
}

/** Renders an ECharts option to a standalone SVG document string (server-side, no browser). */
export function renderSvg(option: ChartOption, size: PlotSize): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: Math.round(size.width),
    height: Math.round(size.height),
  });
  try {
    // Static output: no animation frames, white background so the SVG reads on dark viewers too.
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: 'sans-serif' },
      ...option,
    });
    return normaliseIds(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

/** Shortens `s` to at most `max` characters (ellipsis included), for labels that must not overlap. */
export function truncateLabel(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}

/** Formats a number compactly for axis ticks (3 significant digits, no exponent below 1e6). */
export function formatTick(v: number): string {
  if (!Number.isFinite(v)) return '';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(1);
  return String(Number(v.toPrecision(3)));
}

/** Evenly spaced indices of at most `max` of `n` items (deterministic), for plots of huge libraries. */
export function sampleIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let j = 0; j < max; j++) out.push(Math.floor((j * n) / max));
  return out;
}
