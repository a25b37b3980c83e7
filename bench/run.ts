/**
 * `npm run bench`: runs every benchmark module in this folder (or those named on the command line,
 * e.g. `npm run bench -- features decode`) and prints their figures. Benchmarks print; they never fail on time.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ORDER = ['decode', 'features', 'analysis', 'cluster', 'playlists'];

async function main(): Promise<void> {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const present = readdirSync(here)
    .filter((f) => f.endsWith('.js') && f !== 'run.js')
    .map((f) => f.slice(0, -3));
  const wanted = process.argv.slice(2);
  const names = [...ORDER.filter((n) => present.includes(n)), ...present.filter((n) => !ORDER.includes(n)).sort()].filter(
    (n) => wanted.length === 0 || wanted.includes(n),
  );
  for (const name of names) {
    const mod = (await import(new URL(`./${name}.js`, import.meta.url).href)) as { run?: () => Promise<void> };
    if (typeof mod.run !== 'function') continue;
    console.log(`\n=== bench: ${name} ===`);
    const t0 = performance.now();
    await mod.run();
    console.log(`(${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s wall)`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
