import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

/** Headless Debian chromium with the flags the report tests use (no network services, autoplay). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** What `checkReportInBrowser` saw. */
export interface ReportCheck {
  points: number;
  playedPath: string;
}

/**
 * Opens a report.html from file:// and asserts the browser checks: no console or page
 * errors and no dialog, one map point per track (`trackPaths`, in RunResult order), and clicking
 * the most isolated point plays exactly that file. Throws an AssertionError otherwise.
 */
export async function checkReportInBrowser(
  htmlPath: string,
  trackPaths: string[],
  // Browsers cannot play tracker modules (.it/.s3m/.xm/.mod): only these are clicked.
  playable: (path: string) => boolean = (p) => !/\.(it|s3m|xm|mod)$/i.test(p),
): Promise<ReportCheck> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(pathToFileURL(htmlPath).href);
    await page.waitForFunction(() => (window as unknown as { __mcpMap?: unknown }).__mcpMap !== undefined);
    type P = { index: number; path: string; x: number; y: number };
    const pts = await page.evaluate(() => (window as unknown as { __mcpMap: { points(): P[] } }).__mcpMap.points());
    assert.equal(pts.length, trackPaths.length, 'one map point per track');
    assert.deepEqual(
      pts.map((p) => p.path),
      trackPaths,
    );
    let best: P | undefined;
    let bestD = -1;
    for (const p of pts) {
      if (!playable(p.path)) continue;
      let d = Number.POSITIVE_INFINITY;
      for (const q of pts) if (q !== p) d = Math.min(d, Math.hypot(p.x - q.x, p.y - q.y));
      if (d > bestD) {
        bestD = d;
        best = p;
      }
    }
    assert.ok(best, 'the map has a playable point');
    await page.mouse.click(best.x, best.y);
    await page.waitForFunction(
      () => {
        const a = document.getElementById('mcp-audio') as HTMLAudioElement;
        return !a.paused && a.currentTime > 0.05;
      },
      undefined,
      { timeout: 20000 },
    );
    const src = await page.evaluate(() => (document.getElementById('mcp-audio') as HTMLAudioElement).currentSrc);
    assert.ok(decodeURIComponent(src).endsWith(best.path), `clicked ${best.path}, playing ${src}`);
    const imgs = await page.evaluate(() => document.querySelectorAll('img').length);
    assert.equal(imgs, 0, 'no <img> elements (tag text must stay text)');
    assert.deepEqual(problems, []);
    return { points: pts.length, playedPath: best.path };
  } finally {
    await browser.close();
  }
}
