import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { moreLikeThis } from '../../src/playlists/index.js';
import { relativeHref } from '../../src/report/href.js';
import { writeReport } from '../../src/report/html.js';
import type { RunResult } from '../../src/report/types.js';
import { fromRows } from '../../src/util/matrix.js';
import { tempDir } from '../helpers.js';
import { checkReportInBrowser, launchChromium } from './browser-check.js';
import { makeRunResult } from './fixture.js';
import { writeSineWav } from './wav.js';
import { xmlProblem } from './xml-check.js';

const HOSTILE_TITLE = '<img src=x onerror=alert(1)>';
const HOSTILE_GENRE = 'a</script><img src=x onerror=alert(2)>';
const N = 14;

interface MapPoint {
  index: number;
  path: string;
  href: string;
  x: number;
  y: number;
}

let browser: Browser;
let page: Page;
let result: RunResult;
let htmlPath: string;
const consoleErrors: string[] = [];
const pageErrors: string[] = [];
const dialogs: string[] = [];

before(async () => {
  const root = tempDir('mcp-report-');
  const music = join(root, 'music lib');
  const out = join(root, 'out');
  mkdirSync(music, { recursive: true });
  result = makeRunResult({
    nTracks: N,
    nClusters: 3,
    genreBias: 0.5,
    genres: ['ambient', HOSTILE_GENRE, 'rock & roll'],
    title: (i) => (i === 2 ? HOSTILE_TITLE : `Track ${i}`),
  });
  // Real WAV files with names that need URL encoding (space, #, %, non-ASCII).
  result.tracks.forEach((t, i) => {
    const file = join(music, `t${String(i).padStart(2, '0')} ${i % 2 ? 'é' : '#1 50%'}.wav`);
    writeSineWav(file, 220 + 40 * i, 4);
    t.path = file;
    t.audioHref = relativeHref(out, file);
  });
  // As if `--update` had just placed track 3.
  result.tracks[3]!.added = true;
  const near = moreLikeThis(fromRows(result.features), 4, result.tracks.map((t) => t.path));
  result.moreLikeThis = { space: 'the scaled features', exact: near.exact, lists: near.lists };
  htmlPath = writeReport(result, out).htmlPath;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(pathToFileURL(htmlPath).href);
  await page.waitForFunction(() => 'window' in globalThis && (window as unknown as { __mcpMap?: unknown }).__mcpMap !== undefined);
});

after(async () => {
  await browser?.close();
});

function points(): Promise<MapPoint[]> {
  return page.evaluate(() => (window as unknown as { __mcpMap: { points(): MapPoint[] } }).__mcpMap.points());
}

/** The point farthest from its nearest neighbour (so a click cannot hit another point). */
function isolated(pts: MapPoint[], exclude: number[] = []): MapPoint {
  let best = pts[0]!;
  let bestD = -1;
  for (const p of pts) {
    if (exclude.includes(p.index)) continue;
    let d = Number.POSITIVE_INFINITY;
    for (const q of pts) if (q !== p) d = Math.min(d, Math.hypot(p.x - q.x, p.y - q.y));
    if (d > bestD) {
      bestD = d;
      best = p;
    }
  }
  return best;
}

async function mapAudioState(): Promise<{ src: string; paused: boolean; time: number; index: string }> {
  return page.evaluate(() => {
    const a = document.getElementById('mcp-audio') as HTMLAudioElement;
    return { src: a.currentSrc, paused: a.paused, time: a.currentTime, index: a.dataset.trackIndex ?? '' };
  });
}

async function waitPlaying(selector: string): Promise<void> {
  await page.waitForFunction(
    (sel) => {
      const a = document.querySelector(sel) as HTMLAudioElement | null;
      return !!a && !a.paused && a.currentTime > 0.05;
    },
    selector,
    { timeout: 15000 },
  );
}

test('report.html is one file that loads from file:// with no errors', async () => {
  const html = readFileSync(htmlPath, 'utf8');
  assert.ok(!/<script[^>]*\ssrc=/i.test(html), 'no external scripts');
  assert.ok(!/<link[^>]*stylesheet/i.test(html), 'no external styles');
  assert.ok(!html.includes(HOSTILE_TITLE), 'hostile title never appears raw in the file');
  // Inlined plots keep every id unique (ECharts ids are prefixed per plot).
  const ids = await page.evaluate(() => Array.from(document.querySelectorAll('[id]')).map((e) => e.id));
  assert.equal(new Set(ids).size, ids.length, 'duplicate element ids');
  const svgs = await page.evaluate(() => document.querySelectorAll('figure svg').length);
  assert.ok(svgs >= 10, `plots inlined: ${svgs}`);
  for (const f of ['elbow.svg', 'silhouette.svg', 'embedding-pca2-genre.svg']) {
    assert.equal(xmlProblem(readFileSync(join(htmlPath, '..', 'plots', f), 'utf8')), null, f);
  }
  const banner = await page.textContent('#genre-bias-banner');
  assert.match(banner ?? '', /genre-bias 0\.50: tags influence clusters/);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
});

test('the map has one point per track, inside the canvas', async () => {
  const pts = await points();
  assert.equal(pts.length, N);
  assert.deepEqual(
    pts.map((p) => p.path),
    result.tracks.map((t) => t.path),
  );
  const box = (await page.locator('#mcp-map').boundingBox())!;
  for (const p of pts) {
    assert.ok(p.x >= box.x && p.x <= box.x + box.width && p.y >= box.y && p.y <= box.y + box.height, `point ${p.index} off canvas`);
  }
  const legend = await page.locator('#mcp-legend li').allTextContents();
  // Clusters are named as their playlists: number and descriptive name.
  const first = result.playlists[0]!;
  assert.ok(legend.some((l) => l.startsWith(`${String(first.index + 1).padStart(2, '0')} ${first.name}`)), legend.join(' | '));
});

test("a wide or a tall map fills the canvas's width or height, keeping its proportions", async () => {
  for (const [sx, sy] of [
    [6, 1],
    [1, 6],
  ] as const) {
    const stretched: RunResult = { ...result, tracks: result.tracks.map((t) => ({ ...t, xy: [t.xy[0]! * sx, t.xy[1]! * sy] })) };
    const dir = tempDir('mcp-report-fit-');
    const html = writeReport(stretched, dir).htmlPath;
    const p = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    try {
      await p.goto(pathToFileURL(html).href);
      await p.waitForFunction(() => (window as unknown as { __mcpMap?: unknown }).__mcpMap !== undefined);
      const pts = await p.evaluate(() => (window as unknown as { __mcpMap: { points(): MapPoint[] } }).__mcpMap.points());
      const box = (await p.locator('#mcp-map').boundingBox())!;
      const xs = pts.map((q) => q.x);
      const ys = pts.map((q) => q.y);
      const [w, h] = [Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)];
      // 90 % of the binding side (the canvas's border aside), centred, one scale for both axes
      const fill = Math.max(w / (0.9 * box.width), h / (0.9 * box.height));
      assert.ok(fill > 0.99 && fill <= 1, `${sx}×${sy}: the map fills ${(fill * 100).toFixed(1)} % of the binding side (${w.toFixed(0)} × ${h.toFixed(0)} in ${box.width} × ${box.height})`);
      assert.ok(Math.abs((Math.max(...xs) + Math.min(...xs)) / 2 - (box.x + box.width / 2)) < 2, 'centred across');
      assert.ok(Math.abs((Math.max(...ys) + Math.min(...ys)) / 2 - (box.y + box.height / 2)) < 2, 'centred down');
      const tx = stretched.tracks.map((t) => t.xy[0]!);
      const ty = stretched.tracks.map((t) => t.xy[1]!);
      const ratio = (Math.max(...tx) - Math.min(...tx)) / (Math.max(...ty) - Math.min(...ty));
      assert.ok(Math.abs(w / h / ratio - 1) < 0.02, `aspect ${(w / h).toFixed(3)} vs layout ${ratio.toFixed(3)}`);
    } finally {
      await p.close();
    }
  }
});

test('a legend entry shows its group: fitted to the canvas, the rest faded, in 2-D and 3-D; again for all', async () => {
  // A far island (UMAP sets separate components far apart) squeezes the group into a corner.
  const g = result.tracks[0]!.cluster;
  const members = result.tracks.map((t, i) => (t.cluster === g ? i : -1)).filter((i) => i >= 0);
  const others = result.tracks.map((_, i) => i).filter((i) => !members.includes(i));
  assert.ok(members.length >= 3 && others.length >= 2);
  const centre = others[0]!;
  const island: RunResult = {
    ...result,
    tracks: result.tracks.map((t, i) => {
      const k = members.indexOf(i);
      // the group on a unit circle, one other track at its centre, the rest far away
      const a = (2 * Math.PI * k) / members.length;
      const [x, y] = k >= 0 ? [Math.cos(a), Math.sin(a)] : i === centre ? [0, 0] : [60 + i, 40];
      return { ...t, xy: [x, y], xyz: [x, y, k >= 0 || i === centre ? 0 : 30] };
    }),
  };
  const p = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  try {
    await p.goto(pathToFileURL(writeReport(island, tempDir('mcp-report-focus-')).htmlPath).href);
    await p.waitForFunction(() => (window as unknown as { __mcpMap?: unknown }).__mcpMap !== undefined);
    const box = (await p.locator('#mcp-map').boundingBox())!;
    const pts = () => p.evaluate(() => (window as unknown as { __mcpMap: { points(): MapPoint[] } }).__mcpMap.points());
    const span = (q: MapPoint[]) => {
      const xs = q.map((r) => r.x);
      const ys = q.map((r) => r.y);
      const [w, h] = [Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)];
      return { fill: Math.max(w / (0.9 * box.width), h / (0.9 * box.height)), cx: (Math.max(...xs) + Math.min(...xs)) / 2, cy: (Math.max(...ys) + Math.min(...ys)) / 2 };
    };
    const group = async () => (await pts()).filter((q) => members.includes(q.index));
    // canvas alpha (0–255) under a point
    const alphaAt = (q: MapPoint) =>
      p.evaluate(
        ([x, y]) => {
          const c = document.getElementById('mcp-map') as HTMLCanvasElement;
          const r = c.getBoundingClientRect();
          const k = c.width / r.width;
          return c.getContext('2d')!.getImageData(Math.round((x! - r.left) * k), Math.round((y! - r.top) * k), 1, 1).data[3]!;
        },
        [q.x, q.y],
      );
    assert.ok(span(await group()).fill < 0.1, 'the island squeezes the group');
    const button = p.locator(`#mcp-legend button[data-group="${g}"]`);
    await button.click();
    assert.equal(await button.getAttribute('aria-pressed'), 'true');
    assert.equal(await p.evaluate(() => (window as unknown as { __mcpMap: { focused(): number | null } }).__mcpMap.focused()), g);
    for (const mode of ['2d', '3d'] as const) {
      await p.evaluate((m) => (window as unknown as { __mcpMap: { setMode(m: string): void } }).__mcpMap.setMode(m), mode);
      const s = span(await group());
      if (mode === '2d') {
        assert.ok(s.fill > 0.99 && s.fill <= 1.001, `2d: the group fills ${(s.fill * 100).toFixed(1)} % of the binding side`);
        assert.ok(Math.abs(s.cx - (box.x + box.width / 2)) < 2 && Math.abs(s.cy - (box.y + box.height / 2)) < 2, '2d: centred');
      } else {
        // 3-D: the group's bounding sphere (a flat circle here, tilted) spans 90 % of the shorter side
        const reach = Math.max(...(await group()).map((q) => Math.hypot(q.x - (box.x + box.width / 2), q.y - (box.y + box.height / 2))));
        const want = 0.45 * Math.min(box.width, box.height);
        assert.ok(reach > 0.97 * want && reach <= 1.01 * want, `3d: the group reaches ${reach.toFixed(0)} px from the centre, want ${want.toFixed(0)}`);
      }
      for (const q of await group()) assert.ok((await alphaAt(q)) > 200, `${mode}: group point ${q.index} drawn solid`);
      const mid = (await pts()).find((q) => q.index === centre)!;
      assert.ok((await alphaAt(mid)) < 60, `${mode}: the other track in the middle is faded`);
    }
    // turning the 3-D view turns the group about its own centre: it stays in view
    const from = { x: box.x + box.width * 0.2, y: box.y + box.height * 0.5 };
    await p.mouse.move(from.x, from.y);
    await p.mouse.down();
    await p.mouse.move(from.x + 150, from.y + 60, { steps: 5 });
    await p.mouse.up();
    const turned = await p.evaluate(() => (window as unknown as { __mcpMap: { view(): { yaw: number } } }).__mcpMap.view().yaw);
    assert.ok(Math.abs(turned - 0.6) > 1, `the drag turned the view (yaw ${turned})`);
    const after = span(await group());
    assert.ok(Math.abs(after.cx - (box.x + box.width / 2)) < 0.1 * box.width && Math.abs(after.cy - (box.y + box.height / 2)) < 0.1 * box.height, 'the turned group is still in the middle');
    for (const q of await group()) assert.ok(q.x >= box.x && q.x <= box.x + box.width && q.y >= box.y && q.y <= box.y + box.height, `group point ${q.index} still on the canvas`);
    await p.evaluate(() => (window as unknown as { __mcpMap: { setMode(m: string): void } }).__mcpMap.setMode('2d'));
    await button.click();
    assert.equal(await button.getAttribute('aria-pressed'), 'false');
    assert.equal(await p.evaluate(() => (window as unknown as { __mcpMap: { focused(): number | null } }).__mcpMap.focused()), null);
    for (const q of await pts()) assert.ok(q.x >= box.x && q.x <= box.x + box.width && q.y >= box.y && q.y <= box.y + box.height, `point ${q.index} back on the canvas`);
  } finally {
    await p.close();
  }
});

test('tracks with the same name show the fewest folders that tell them apart, in lists and on hover', async () => {
  const root = tempDir('mcp-report-where-');
  const paths = [join(root, 'a', 'x', 'song.wav'), join(root, 'b', 'x', 'song.wav'), join(root, 'c', 'y', 'song.wav'), join(root, 'c', 'y', 'solo.wav')];
  const same: RunResult = {
    ...result,
    tracks: result.tracks.map((t, i) => (i < paths.length ? { ...t, title: '', artist: '', path: paths[i]!, audioHref: relativeHref(root, paths[i]!) } : t)),
  };
  const p = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  try {
    await p.goto(pathToFileURL(writeReport(same, join(root, 'out')).htmlPath).href);
    await p.waitForFunction(() => (window as unknown as { __mcpMap?: unknown }).__mcpMap !== undefined);
    const shown = async (i: number) => {
      const li = p.locator(`#mcp-playlists li[data-track-index="${i}"]`);
      return { name: (await li.locator('.name').textContent())?.trim(), where: await li.locator('.where').allTextContents() };
    };
    // one folder would not do (two are in an `x`), so all three show two
    assert.deepEqual(await shown(0), { name: 'song.wav a/x', where: ['a/x'] });
    assert.deepEqual(await shown(1), { name: 'song.wav b/x', where: ['b/x'] });
    assert.deepEqual(await shown(2), { name: 'song.wav c/y', where: ['c/y'] });
    assert.deepEqual(await shown(3), { name: 'solo.wav', where: [] });
    assert.deepEqual(await shown(4), { name: `${same.tracks[4]!.artist} – ${same.tracks[4]!.title}`, where: [] });
    const pt = (await p.evaluate(() => (window as unknown as { __mcpMap: { points(): MapPoint[] } }).__mcpMap.points()))[1]!;
    await p.mouse.move(pt.x, pt.y);
    await p.waitForSelector('#mcp-tooltip:not([hidden])');
    assert.match((await p.textContent('#mcp-tooltip')) ?? '', /^song\.wavb\/x/);
  } finally {
    await p.close();
  }
});

test('clicking a point plays that track', async () => {
  const p = isolated(await points());
  await page.locator('#mcp-map').scrollIntoViewIfNeeded();
  const fresh = (await points()).find((q) => q.index === p.index)!;
  await page.mouse.click(fresh.x, fresh.y);
  await waitPlaying('#mcp-audio');
  const s = await mapAudioState();
  assert.equal(s.index, String(p.index));
  assert.ok(decodeURIComponent(s.src).endsWith(result.tracks[p.index]!.path), `${s.src} is not ${result.tracks[p.index]!.path}`);
  const now = await page.textContent('#mcp-now-playing');
  assert.ok(now?.includes(result.tracks[p.index]!.title));
});

test('hover shows tag text as text; the hostile tag never runs', async () => {
  const pts = await points();
  const target = pts[2]!;
  await page.mouse.move(target.x, target.y);
  const tip = page.locator('#mcp-tooltip');
  await tip.waitFor({ state: 'visible' });
  // Another point may lie under the cursor only if it is exactly on top; the fixture spreads them.
  const text = (await tip.textContent()) ?? '';
  assert.ok(text.includes(HOSTILE_TITLE), `tooltip: ${text}`);
  assert.match(text, /cluster|unassigned/);
  const imgs = await page.evaluate(() => document.querySelectorAll('img').length);
  assert.equal(imgs, 0, 'an <img> element was created from tag text');
  const listed = await page.locator(`#mcp-playlists li[data-track-index="2"] .name`).textContent();
  assert.ok(listed?.includes(HOSTILE_TITLE));
  await page.selectOption('#mcp-color-by', 'genre');
  const legend = await page.locator('#mcp-legend li').allTextContents();
  assert.ok(legend.some((l) => l.startsWith(HOSTILE_GENRE)), `legend: ${legend.join(' | ')}`);
  assert.ok(legend.some((l) => l.startsWith('(no genre)')));
  await page.waitForTimeout(300);
  assert.deepEqual(dialogs, [], 'a dialog fired');
  assert.deepEqual(pageErrors, []);
});

test('playlists: one section each, tracks in order, m3u8 link, player plays the chosen entry', async () => {
  const sections = page.locator('section.playlist');
  assert.equal(await sections.count(), result.playlists.length);
  for (const [p, pl] of result.playlists.entries()) {
    const order = await sections.nth(p).locator('li').evaluateAll((lis) => lis.map((li) => Number((li as HTMLElement).dataset.trackIndex)));
    assert.deepEqual(order, pl.trackIndices);
    const href = await sections.nth(p).locator('a').first().getAttribute('href');
    assert.equal(href, pl.file);
  }
  const pl = result.playlists[0]!;
  await sections.nth(0).locator('li').nth(1).locator('button.play').click();
  await waitPlaying('section.playlist audio');
  const src = await sections.nth(0).locator('audio').evaluate((a) => (a as HTMLAudioElement).currentSrc);
  assert.ok(decodeURIComponent(src).endsWith(result.tracks[pl.trackIndices[1]!]!.path));
  // Only one player sounds at a time.
  assert.equal(await page.evaluate(() => (document.getElementById('mcp-audio') as HTMLAudioElement).paused), true);
});

test('a track placed by --update is marked new in its playlist, and the playlist counts it', async () => {
  const p = result.tracks[3]!.playlistIndex;
  const section = page.locator('section.playlist').nth(p);
  assert.match((await section.locator('p.meta').first().textContent()) ?? '', /^\d+ tracks \(1 new\) · /);
  assert.equal(await page.locator('li.added').count(), 1, 'only the placed track is marked');
  const li = section.locator('li[data-track-index="3"]');
  assert.ok(((await li.getAttribute('class')) ?? '').split(' ').includes('added'));
  assert.match((await li.textContent()) ?? '', /new$/);
  const other = page.locator('section.playlist').nth((p + 1) % result.playlists.length);
  assert.doesNotMatch((await other.locator('p.meta').first().textContent()) ?? '', /new\)/);
});

test('3-D view rotates on drag, zooms on wheel, and a click still plays the right track', async () => {
  await page.click('[data-map-mode="3d"]');
  const box = (await page.locator('#mcp-map').boundingBox())!;
  const before3d = await points();
  assert.equal(before3d.length, N);
  await page.mouse.move(box.x + 20, box.y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + 140, box.y + 60, { steps: 6 });
  await page.mouse.up();
  const rotated = await points();
  const moved = rotated.filter((p, i) => Math.hypot(p.x - before3d[i]!.x, p.y - before3d[i]!.y) > 2).length;
  assert.ok(moved >= N - 1, `rotation moved only ${moved} points`);
  const spread = (pts: MapPoint[]): number => Math.max(...pts.map((p) => p.x)) - Math.min(...pts.map((p) => p.x));
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -300);
  const zoomed = await points();
  assert.ok(spread(zoomed) > spread(rotated) * 1.2, 'wheel did not zoom in');
  await page.mouse.wheel(0, 300);
  const pts = (await points()).filter((p) => p.x > box.x + 10 && p.x < box.x + box.width - 10 && p.y > box.y + 10 && p.y < box.y + box.height - 10);
  const prev = (await mapAudioState()).index;
  const p = isolated(pts, [Number(prev)]);
  await page.mouse.click(p.x, p.y);
  await waitPlaying('#mcp-audio');
  const s = await mapAudioState();
  assert.equal(s.index, String(p.index));
  assert.ok(decodeURIComponent(s.src).endsWith(result.tracks[p.index]!.path));
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(dialogs, []);
});

test('"more like this" follows the playing track: its nearest tracks, ▶ plays one and its own list follows', async () => {
  const lists = result.moreLikeThis!.lists;
  const shown = (): Promise<number[]> =>
    page.locator('#mcp-similar-list li').evaluateAll((lis) => lis.map((li) => Number((li as HTMLElement).dataset.trackIndex)));
  const similarShown = (): Promise<number> =>
    page.evaluate(() => (window as unknown as { __mcpMap: { similarShown(): number } }).__mcpMap.similarShown());
  await page.evaluate(() => (window as unknown as { __mcpMap: { play(i: number): void } }).__mcpMap.play(5));
  await page.locator('#mcp-similar').waitFor({ state: 'visible' });
  assert.deepEqual(await shown(), lists[5]);
  assert.ok((await page.textContent('#mcp-similar-of'))?.includes(result.tracks[5]!.title));
  // the map rings them too, and each ▶ says which track it plays
  assert.deepEqual(await page.evaluate(() => (window as unknown as { __mcpMap: { ringedNear(): number[] } }).__mcpMap.ringedNear()), lists[5]);
  const firstNear = result.tracks[lists[5]![0]!]!;
  assert.equal(await page.locator('#mcp-similar-list li').first().locator('button.play').getAttribute('aria-label'), `play ${firstNear.artist} – ${firstNear.title}`);
  // "save as a playlist": an M3U8 of the playing track and its list, absolute paths, tags on one line
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#mcp-similar-save')]);
  assert.match(download.suggestedFilename(), /^more-like-[a-z0-9-]+\.m3u8$/);
  const saved = readFileSync((await download.path())!, 'utf8').split('\n');
  assert.equal(saved[0], '#EXTM3U');
  assert.deepEqual(
    saved.filter((l) => l !== '' && !l.startsWith('#')),
    [5, ...lists[5]!].map((j) => result.tracks[j]!.path),
  );
  assert.equal(saved.filter((l) => l.startsWith('#EXTINF:')).length, 1 + lists[5]!.length);
  // ▶ on the first entry plays it on the map's player, and the panel moves on to its neighbours
  const first = lists[5]![0]!;
  await page.locator('#mcp-similar-list li').first().locator('button.play').click();
  await waitPlaying('#mcp-audio');
  assert.equal((await mapAudioState()).index, String(first));
  assert.equal(await similarShown(), first);
  assert.deepEqual(await shown(), lists[first]);
  // a playlist's own player drives it too
  const pl = result.playlists[1]!;
  await page.locator('section.playlist').nth(1).locator('li').first().locator('button.play').click();
  await page.waitForFunction((i) => (window as unknown as { __mcpMap: { similarShown(): number } }).__mcpMap.similarShown() === i, pl.trackIndices[0]!);
  assert.deepEqual(await shown(), lists[pl.trackIndices[0]!]);
  // tag text is text here as well: a list holding the hostile title shows it verbatim, creates no <img>
  const holder = lists.findIndex((l) => l.includes(2));
  assert.ok(holder >= 0, 'some track lists track 2');
  await page.evaluate((i) => (window as unknown as { __mcpMap: { play(i: number): void } }).__mcpMap.play(i), holder);
  await page.waitForFunction((i) => (window as unknown as { __mcpMap: { similarShown(): number } }).__mcpMap.similarShown() === i, holder);
  assert.ok((await page.locator('#mcp-similar-list li[data-track-index="2"] .name').textContent())?.includes(HOSTILE_TITLE));
  assert.equal(await page.evaluate(() => document.querySelectorAll('img').length), 0);
  assert.deepEqual(pageErrors, []);
});

test('on a phone-sized screen the page does not scroll sideways and the map takes the width', async () => {
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  try {
    await phone.goto(pathToFileURL(htmlPath).href);
    const m = await phone.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      map: document.getElementById('mcp-map')!.getBoundingClientRect().width,
      mapHeight: document.getElementById('mcp-map')!.getBoundingClientRect().height,
      legendTop: document.getElementById('mcp-legend')!.getBoundingClientRect().top,
      mapBottom: document.getElementById('mcp-map')!.getBoundingClientRect().bottom,
    }));
    assert.ok(m.scroll <= 390, `the page is ${m.scroll} px wide on a 390 px screen`);
    assert.ok(m.map >= 0.9 * (390 - 32), `the map is ${m.map} px wide`);
    // no taller than the screen is wide (70 % of 844 px would leave bands of empty map above and below)
    assert.ok(m.mapHeight >= 300 && m.mapHeight <= 392, `the map is ${m.mapHeight} px tall`);
    assert.ok(m.legendTop >= m.mapBottom - 1, 'the legend sits under the map');
  } finally {
    await phone.close();
  }
});

test('touch: two fingers pinch to zoom about their midpoint, one finger pans, and neither plays a track', async () => {
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, hasTouch: true });
  try {
    await phone.goto(pathToFileURL(htmlPath).href);
    await phone.waitForFunction(() => (window as unknown as { __mcpMap?: unknown }).__mcpMap !== undefined);
    type View = { zoom: number; panX: number; panY: number };
    const view = (): Promise<View> => phone.evaluate(() => (window as unknown as { __mcpMap: { view(): View } }).__mcpMap.view());
    // synthetic touch pointers on the canvas (what a phone's browser sends)
    const send = (type: string, id: number, x: number, y: number): Promise<void> =>
      phone.evaluate(
        ([t, i, px, py]) => {
          const c = document.getElementById('mcp-map')!;
          const r = c.getBoundingClientRect();
          c.dispatchEvent(new PointerEvent(t as string, { pointerId: i as number, pointerType: 'touch', isPrimary: i === 1, clientX: r.left + (px as number), clientY: r.top + (py as number), bubbles: true }));
        },
        [type, id, x, y] as const,
      );
    const before = await view();
    await send('pointerdown', 1, 100, 200);
    await send('pointerdown', 2, 200, 200);
    await send('pointermove', 1, 50, 200);
    await send('pointermove', 2, 250, 200); // the fingers twice as far apart
    await send('pointerup', 1, 50, 200);
    await send('pointerup', 2, 250, 200);
    const pinched = await view();
    assert.ok(Math.abs(pinched.zoom / before.zoom - 2) < 0.2, `zoom ${before.zoom} → ${pinched.zoom}`);
    await send('pointerdown', 1, 150, 300);
    await send('pointermove', 1, 190, 330);
    await send('pointerup', 1, 190, 330);
    const panned = await view();
    assert.equal(panned.panX - pinched.panX, 40);
    assert.equal(panned.panY - pinched.panY, 30);
    assert.equal(await phone.evaluate(() => (document.getElementById('mcp-audio') as HTMLAudioElement).dataset.trackIndex ?? ''), '', 'nothing played');
  } finally {
    await phone.close();
  }
});

test('find a track by name: matches listed with ▶, which plays the track and opens its "more like this"', async () => {
  const listed = (): Promise<number[]> =>
    page.locator('#mcp-find-list li').evaluateAll((lis) => lis.map((li) => Number((li as HTMLElement).dataset.trackIndex)));
  await page.fill('#mcp-find', 'TRACK 1');
  assert.deepEqual(await listed(), [1, 10, 11, 12, 13], 'case-insensitive substring of "artist – title"');
  assert.equal(await page.textContent('#mcp-find-count'), '5 tracks match');
  await page.locator('#mcp-find-list li[data-track-index="12"] button.play').click();
  await waitPlaying('#mcp-audio');
  assert.equal((await mapAudioState()).index, '12');
  await page.waitForFunction(() => (window as unknown as { __mcpMap: { similarShown(): number } }).__mcpMap.similarShown() === 12);
  // tag text is found and shown as text
  await page.fill('#mcp-find', '<img src');
  assert.deepEqual(await listed(), [2]);
  assert.equal(await page.evaluate(() => document.querySelectorAll('img').length), 0);
  // file names match, folder names do not (every track here lies under "music lib")
  await page.fill('#mcp-find', 't03 é');
  assert.deepEqual(await listed(), [3]);
  await page.fill('#mcp-find', 'T03 E');
  assert.deepEqual(await listed(), [3], 'accents and case as `similar` folds them');
  await page.fill('#mcp-find', 'track 3 t03');
  assert.deepEqual(await listed(), [], 'the title and the file name are matched apart');
  await page.fill('#mcp-find', 'music lib');
  assert.deepEqual(await listed(), []);
  await page.fill('#mcp-find', 'no such thing');
  assert.equal(await page.textContent('#mcp-find-count'), 'no track matches');
  await page.fill('#mcp-find', '');
  assert.equal(await page.locator('#mcp-find-list').isHidden(), true);
  assert.deepEqual(pageErrors, []);
});

test('checkReportInBrowser (the helper the end-to-end test uses) passes on this report', async () => {
  const r = await checkReportInBrowser(
    htmlPath,
    result.tracks.map((t) => t.path),
  );
  assert.equal(r.points, N);
  assert.ok(result.tracks.some((t) => t.path === r.playedPath));
});
