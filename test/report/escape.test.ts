import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeHtml, jsonForScript, pathToHref, safeHref } from '../../src/report/escape.js';
import { relativeHref } from '../../src/report/href.js';

test('escapeHtml leaves no markup characters', () => {
  const s = escapeHtml(`<img src=x onerror="alert('1')"> & more`);
  assert.ok(!/[<>"']/.test(s));
  assert.equal(s, '&#60;img src=x onerror=&#34;alert(&#39;1&#39;)&#34;&#62; &#38; more');
});

test('jsonForScript cannot close a script element and round-trips', () => {
  const v = { t: '</script><script>alert(1)</script>', g: '<!-- x -->', s: 'a\u2028b & c' };
  const j = jsonForScript(v);
  assert.ok(!j.includes('<') && !j.includes('>') && !j.includes('&'));
  assert.deepEqual(JSON.parse(j), v);
});

test('safeHref neutralises non-file schemes; hrefs are URL-encoded per segment', () => {
  assert.equal(safeHref('javascript:alert(1)'), './javascript:alert(1)');
  assert.equal(safeHref(' data:text/html,x'), './data:text/html,x');
  assert.equal(safeHref('audio/a%20b.wav'), 'audio/a%20b.wav');
  assert.equal(safeHref('file:///m/a.wav'), 'file:///m/a.wav');
  assert.equal(pathToHref('music/a b#1?.wav'), 'music/a%20b%231%3F.wav');
  assert.equal(relativeHref('/out', '/music/x y/é.ogg'), '../music/x%20y/%C3%A9.ogg');
  assert.equal(relativeHref('/out', '/out/audio/a.wav'), 'audio/a.wav');
});

test('the sweep table shows scores with three decimals even when exact (0.000, 1.000) and counts as integers', async () => {
  const { buildReportHtml } = await import('../../src/report/html.js');
  const { makeRunResult } = await import('./fixture.js');
  const r = makeRunResult({ nTracks: 20 });
  r.sweep = [{ space: 'pca3', method: 'agglomerative', k: 2, metrics: { adjusted_rand: 0, completeness: 1, v_measure: 0.25, n_labelled: 12 } }];
  const html = buildReportHtml(r, []);
  const row = /<tr><td>pca3<\/td><td>agglomerative<\/td>.*?<\/tr>/.exec(html)![0];
  const cells = [...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
  assert.deepEqual(cells, ['pca3', 'agglomerative', '2', '0.000', '1.000', '0.250', '12']);
});
