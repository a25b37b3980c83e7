// A playlist holding a file the browser cannot play (here a tracker module, as pingus-data ships)
// marks it and plays on past it, instead of stopping in the middle of the list.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { relativeHref } from '../../src/report/href.js';
import { writeReport } from '../../src/report/html.js';
import { requirePath, tempDir } from '../helpers.js';
import { launchChromium } from './browser-check.js';
import { makeRunResult } from './fixture.js';
import { writeSineWav } from './wav.js';

test('a playlist plays on past a track the browser cannot play, and marks it', async () => {
  const module = requirePath('/usr/share/games/pingus/data/music/pingus-1.it', 'pingus-data');
  const root = tempDir('mcp-unplayable-');
  const music = join(root, 'music');
  const out = join(root, 'out');
  mkdirSync(music);
  const result = makeRunResult({ nTracks: 3, nClusters: 1 });
  const pl = result.playlists[0]!;
  assert.equal(pl.trackIndices.length, 3);
  const [first, middle, last] = pl.trackIndices as [number, number, number];
  const files = new Map<number, string>([
    [first, join(music, 'short.wav')],
    [middle, join(music, 'module.it')],
    [last, join(music, 'after.wav')],
  ]);
  writeSineWav(files.get(first)!, 330, 0.6);
  copyFileSync(module, files.get(middle)!);
  writeSineWav(files.get(last)!, 440, 4);
  result.tracks.forEach((t, i) => {
    t.path = files.get(i)!;
    t.audioHref = relativeHref(out, t.path);
  });
  const html = writeReport(result, out).htmlPath;

  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(pathToFileURL(html).href);
    const section = page.locator('section.playlist').first();
    const playerIndex = () => section.locator('audio').evaluate((a) => (a as HTMLAudioElement).dataset.trackIndex ?? '');

    // Clicked on its own, the module is marked and nothing else starts.
    await section.locator('li').nth(1).locator('button.play').click();
    await page.waitForFunction(() => document.querySelector('section.playlist li.unplayable') !== null, undefined, { timeout: 15000 });
    assert.equal(await playerIndex(), String(middle));
    assert.match((await section.locator('li').nth(1).textContent()) ?? '', /cannot play in this browser/);

    // Played on from the short track before it, the list skips it and goes on to the last track.
    await section.locator('li').nth(0).locator('button.play').click();
    await page.waitForFunction(
      (want) => {
        const a = document.querySelector('section.playlist audio') as HTMLAudioElement;
        return a.dataset.trackIndex === want && !a.paused && a.currentTime > 0.05;
      },
      String(last),
      { timeout: 20000 },
    );
    assert.equal(await section.locator('li.unplayable').count(), 1, 'marked once');
    assert.equal(await section.locator('li.playing').getAttribute('data-track-index'), String(last));
    assert.deepEqual(pageErrors, []);
  } finally {
    await browser.close();
  }
});
