// Recomputes the readme16 subset: the 16 readme-set columns kept by the rule in docs/features.md.
// Usage: node dist/scripts/choose-readme16.js [--write] [--cache FILE]
// Data: every track of the hedgewars and supertux2 soundtrack packages (decoded with ffmpeg to
// 22,050 Hz mono float32). Rule: drop zero-variance columns; then, while more than 16 columns
// remain, find the pair with the largest |Pearson r| across tracks and drop the later one of the
// pair (readme-set order). Deterministic: no randomness, files sorted by path.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFeatures, featureNames } from '../src/features/index.js';

const ROOTS = ['/usr/share/games/hedgewars/Data/Music', '/usr/share/games/supertux2/music'];
const KEEP = 16;

function listOgg(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) throw new Error(`${dir} is missing: install hedgewars-data and supertux-data`);
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) listOgg(p, out);
    else if (name.toLowerCase().endsWith('.ogg')) out.push(p);
  }
  return out;
}

function decode(path: string): Float32Array {
  const buf = execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-f', 'f32le', '-ac', '1', '-ar', '22050', '-'], {
    maxBuffer: 1 << 30,
  });
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
}

function pearson(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i]! - ma;
    const y = b[i]! - mb;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Applies the rule to a tracks × columns table; returns the kept names and the log of drops. */
export function chooseColumns(names: string[], rows: number[][], keep = KEEP): { kept: string[]; log: string[] } {
  const cols = names.map((_, j) => Float64Array.from(rows.map((r) => r[j]!)));
  const log: string[] = [];
  let alive = names.map((_, j) => j);
  alive = alive.filter((j) => {
    const c = cols[j]!;
    const constant = c.every((v) => v === c[0]);
    if (constant) log.push(`drop ${names[j]}: constant over the tracks`);
    return !constant;
  });
  const r = names.map(() => new Float64Array(names.length));
  for (const i of alive) for (const j of alive) if (i < j) r[i]![j] = r[j]![i] = Math.abs(pearson(cols[i]!, cols[j]!));
  while (alive.length > keep) {
    let bi = -1;
    let bj = -1;
    let best = -1;
    for (let x = 0; x < alive.length; x++) {
      for (let y = x + 1; y < alive.length; y++) {
        const v = r[alive[x]!]![alive[y]!]!;
        if (v > best) {
          best = v;
          bi = alive[x]!;
          bj = alive[y]!;
        }
      }
    }
    log.push(`drop ${names[bj]}: |r| = ${best.toFixed(4)} with ${names[bi]}`);
    alive = alive.filter((j) => j !== bj);
  }
  let maxKept = 0;
  for (const i of alive) for (const j of alive) if (i < j) maxKept = Math.max(maxKept, r[i]![j]!);
  log.push(`largest |r| left among the ${alive.length} kept columns: ${maxKept.toFixed(4)}`);
  return { kept: alive.map((j) => names[j]!), log };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const write = args.includes('--write');
  const ci = args.indexOf('--cache');
  const cache = ci >= 0 ? args[ci + 1] : undefined;
  const names = featureNames('readme');
  let table: { files: string[]; rows: number[][] };
  if (cache && existsSync(cache)) {
    table = JSON.parse(readFileSync(cache, 'utf8'));
  } else {
    const files = ROOTS.flatMap((r) => listOgg(r));
    const rows: number[][] = [];
    for (const [i, f] of files.entries()) {
      const v = extractFeatures(decode(f), 22050, 'readme').values;
      rows.push(names.map((n) => v[n]!));
      process.stderr.write(`\r${i + 1}/${files.length} ${f.slice(-40).padEnd(40)}`);
    }
    process.stderr.write('\n');
    table = { files, rows };
    if (cache) writeFileSync(cache, JSON.stringify(table));
  }
  const { kept, log } = chooseColumns(names, table.rows);
  console.log(`${table.rows.length} tracks, ${names.length} readme columns`);
  for (const l of log) console.log(l);
  console.log('kept:');
  for (const k of kept) console.log(`  ${k}`);
  if (write) {
    const target = fileURLToPath(new URL('../../src/features/readme16.ts', import.meta.url));
    const body =
      '/**\n * The 16 readme-set columns the seed keeps, chosen by scripts/choose-readme16.ts (rule and data in\n' +
      ' * docs/features.md). Regenerate with that script; never edit by hand.\n */\n' +
      `export const README16: readonly string[] = [\n${kept.map((k) => `  '${k}',`).join('\n')}\n];\n`;
    writeFileSync(target, body);
    console.log(`wrote ${target}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
