/** Report stage: SVG plots (ECharts server-side SVG renderer) and the self-contained report.html. */
export type * from './types.js';
export { type PlotFile, type PlotSpec, plotSpecs, removeStalePlots, renderPlots, writePlots } from './write-plots.js';
export { buildReportHtml, removeReport, type WrittenReport, writeReport } from './html.js';
export { relativeHref } from './href.js';
export { escapeHtml, jsonForScript, pathToHref, safeHref } from './escape.js';
export { clusterColor, genreColors, MISSING_COLOR } from './colors.js';
