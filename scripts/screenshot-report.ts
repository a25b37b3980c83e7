/**
 * Saves a PNG of a report.html (or of one plot .svg) with headless Debian chromium, for the README.
 *
 *   node dist/scripts/screenshot-report.js out/report.html docs/img/report.png [--mode 2d|3d]
 *       [--color cluster|genre] [--width 1400] [--height 1000] [--full] [--play N]
 *   node dist/scripts/screenshot-report.js out/plots/elbow.svg docs/img/elbow.png
 *
 * For a report a point near the middle of the map is hovered so the tooltip shows, and the shot
 * covers the top of the page (title, banner, map) or the whole page with --full. --play N starts
 * track N (0-based) first, so the player, its ring on the map and its "more like this" show. CHROMIUM overrides /usr/bin/chromium.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

interface Args {
  input: string;
  output: string;
  mode: '2d' | '3d';
  color: 'cluster' | 'genre';
  width: number;
  height: number;
  full: boolean;
  play: number;
}

function parseArgs(argv: string[]): Args {
  const pos: string[] = [];
  const a: Args = { input: '', output: '', mode: '2d', color: 'cluster', width: 1400, height: 1000, full: false, play: -1 };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i]!;
    const next = (): string => {
      const n = argv[++i];
      if (n === undefined) throw new Error(`${v} needs a value`);
      return n;
    };
    if (v === '--mode') a.mode = next() === '3d' ? '3d' : '2d';
    else if (v === '--color') a.color = next() === 'genre' ? 'genre' : 'cluster';
    else if (v === '--width') a.width = Number(next());
    else if (v === '--height') a.height = Number(next());
    else if (v === '--full') a.full = true;
    else if (v === '--play') a.play = Number(next());
    else pos.push(v);
  }
  if (pos.length !== 2) throw new Error('usage: screenshot-report <report.html|plot.svg> <out.png> [--mode 2d|3d] [--color cluster|genre] [--width W] [--height H] [--full] [--play N]');
  a.input = resolve(pos[0]!);
  a.output = resolve(pos[1]!);
  return a;
}

/** Writes the PNG and resolves when done. */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: args.width, height: args.height }, deviceScaleFactor: 1 });
    mkdirSync(dirname(args.output), { recursive: true });
    if (args.input.endsWith('.svg')) {
      const svg = readFileSync(args.input, 'utf8');
      const m = /<svg[^>]*\swidth="(\d+(?:\.\d+)?)"[^>]*\sheight="(\d+(?:\.\d+)?)"/.exec(svg);
      if (m) await page.setViewportSize({ width: Math.ceil(Number(m[1])), height: Math.ceil(Number(m[2])) });
      await page.goto(pathToFileURL(args.input).href);
      await page.screenshot({ path: args.output });
      return;
    }
    await page.goto(pathToFileURL(args.input).href);
    await page.waitForFunction(() => (window as unknown as { __mcpMap?: unknown }).__mcpMap !== undefined);
    type Api = { setMode(m: string): void; setColorBy(c: string): void; play(i: number): void; points(): { x: number; y: number }[] };
    await page.evaluate(
      ([mode, color, play]) => {
        const api = (window as unknown as { __mcpMap: Api }).__mcpMap;
        api.setMode(mode);
        api.setColorBy(color);
        if (play >= 0) api.play(play);
      },
      [args.mode, args.color, args.play] as const,
    );
    // Hover a point near the middle of the cloud so the shot shows the tooltip too.
    const pts = await page.evaluate(() => (window as unknown as { __mcpMap: Api }).__mcpMap.points());
    if (pts.length > 0) {
      const cx = pts.reduce((s, p) => s + p.x, 0) / pts.length;
      const cy = pts.reduce((s, p) => s + p.y, 0) / pts.length;
      const p = pts.reduce((b, q) => (Math.hypot(q.x - cx, q.y - cy) < Math.hypot(b.x - cx, b.y - cy) ? q : b));
      await page.mouse.move(p.x, p.y);
    }
    await page.screenshot({ path: args.output, fullPage: args.full });
  } finally {
    await browser.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`screenshot-report: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
