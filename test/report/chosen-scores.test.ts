import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildReportHtml } from '../../src/report/html.js';
import { renderPlots } from '../../src/report/write-plots.js';
import { makeRunResult } from './fixture.js';

test("the report shows the chosen clustering's own scores, with what they were scored against", () => {
  const r = makeRunResult({ nTracks: 30 });
  r.chosen = {
    ...r.chosen,
    space: 'umap3', // not a space of the sweep: its scores appear nowhere else
    metrics: { v_measure: 0.2791, adjusted_mutual_info: 0.21, silhouette: 0.35, calinski_harabasz: 141.456, n_labelled: 28, n_unlabelled: 2 },
  };
  const html = buildReportHtml(r, renderPlots(r));
  assert.match(html, /<h3>Scores of the chosen clustering<\/h3>/);
  assert.match(html, /<td>v_measure<\/td><td class="num">0\.279<\/td>/);
  assert.match(html, /<td>n_labelled<\/td><td class="num">28<\/td>/);
  assert.match(html, /scored against the genres of 28 tracks \(2 without one left out\)/);
  r.labelNoun = 'folder';
  r.chosen.metrics = { v_measure: Number.NaN, silhouette: 0.35, n_labelled: 0, n_unlabelled: 30 };
  const none = buildReportHtml(r, renderPlots(r));
  assert.match(none, /no track has a folder: the scores against folders are left out/);
  assert.match(none, /<td>v_measure<\/td><td class="num">—<\/td>/);
  r.chosen.metrics = undefined;
  assert.doesNotMatch(buildReportHtml(r, renderPlots(r)), /Scores of the chosen clustering/);
});
