/**
 * Decode speed in multiples of real time for each format, WASM path vs ffmpeg path, next to the
 * plain `ffmpeg -f f32le -ac 1 -ar 22050` command on the same file; the resampler alone; and peak
 * memory (maxRSS of a fresh process) decoding a 60-minute file. Fixtures are cut from a real
 * soundtrack (hedgewars snow.ogg, looped) into a temporary folder.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_RESAMPLER_DESIGN,
  type DecoderChoice,
  decodeAudio,
  ffmpegAvailable,
  resamplerTaps,
  StreamingResampler,
} from '../src/audio/index.js';

const SOURCE = '/usr/share/games/hedgewars/Data/Music/snow.ogg';
const SECONDS = 180;
const REFERENCE_JSON = '/work/shared/bench/reference.json';

const CODECS: Record<string, string[]> = {
  wav: ['-c:a', 'pcm_s16le'],
  mp3: ['-c:a', 'libmp3lame', '-b:a', '192k'],
  flac: ['-c:a', 'flac'],
  ogg: ['-c:a', 'libvorbis', '-q:a', '5'],
  opus: ['-c:a', 'libopus', '-b:a', '128k'],
  m4a: ['-c:a', 'aac', '-b:a', '192k'],
};

function makeFixture(dir: string, ext: string, seconds: number): string {
  const out = join(dir, `long-${seconds}.${ext}`);
  execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-stream_loop', '-1', '-i', SOURCE, '-t', String(seconds), ...CODECS[ext], out]);
  return out;
}

/** Seconds for the plain ffmpeg command the issue names (default swr resampler, -ac 1), output discarded. */
function rawFfmpeg(path: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const c = spawn('ffmpeg', ['-nostdin', '-v', 'error', '-i', path, '-f', 'f32le', '-ac', '1', '-ar', '22050', '-'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    c.stdout.on('data', () => {});
    c.on('error', reject);
    c.on('close', () => resolvePromise((performance.now() - t0) / 1000));
  });
}

async function timeDecode(path: string, decoder: DecoderChoice): Promise<number> {
  const t0 = performance.now();
  await decodeAudio(path, { decoder });
  return (performance.now() - t0) / 1000;
}

/** Best of `n` runs (the machine is shared; the minimum is the least disturbed figure). */
async function best(n: number, f: () => Promise<number>): Promise<number> {
  let b = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) b = Math.min(b, await f());
  return b;
}

const fmt = (seconds: number, audio: number) => `${(audio / seconds).toFixed(0).padStart(5)}x`;

/** maxRSS (MiB) of a fresh Node process that decodes `path` with `decoder`. */
function peakMemory(path: string, decoder: DecoderChoice): { rssMiB: number; samples: number } {
  const mod = fileURLToPath(new URL('../src/audio/index.js', import.meta.url));
  const script =
    `const m = await import(${JSON.stringify(mod)});` +
    `const r = await m.decodeAudio(${JSON.stringify(path)}, { decoder: ${JSON.stringify(decoder)} });` +
    `console.log(JSON.stringify({ rssMiB: process.resourceUsage().maxRSS / 1024, samples: r.samples.length }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

/** Prints the figures. */
export async function run(): Promise<void> {
  if (!existsSync(SOURCE)) {
    console.log(`skipped: ${SOURCE} is missing (install hedgewars-data)`);
    return;
  }
  if (!ffmpegAvailable()) {
    console.log('skipped: ffmpeg is needed to make the fixtures');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'mcp-bench-decode-'));
  try {
    console.log(`decode to mono 22,050 Hz float32, ${SECONDS} s fixtures cut from ${SOURCE} (44.1 kHz stereo), best of 3`);
    console.log('format   wasm path   ffmpeg path   plain ffmpeg -ac 1 -ar 22050 (swr)');
    for (const ext of Object.keys(CODECS)) {
      const p = makeFixture(dir, ext, SECONDS);
      const wasm = ext === 'm4a' ? undefined : await best(3, () => timeDecode(p, 'wasm'));
      const ff = await best(3, () => timeDecode(p, 'ffmpeg'));
      const raw = await best(3, () => rawFfmpeg(p));
      console.log(`${ext.padEnd(8)} ${wasm === undefined ? '     —' : fmt(wasm, SECONDS)}       ${fmt(ff, SECONDS)}         ${fmt(raw, SECONDS)}`);
    }

    console.log('\nresampler alone (Kaiser sinc, 110 dB), 60 s of noise, WebAssembly SIMD vs plain-JS fallback:');
    for (const from of [44100, 48000, 32000, 16000, 96000]) {
      const x = new Float32Array(from * 60).map(() => Math.random() - 0.5);
      const time = (simd: boolean) =>
        best(3, async () => {
          const t0 = performance.now();
          const r = new StreamingResampler(from, 22050, DEFAULT_RESAMPLER_DESIGN, { simd });
          r.push(x);
          r.flush();
          return (performance.now() - t0) / 1000;
        });
      const taps = resamplerTaps(from, 22050);
      console.log(`  ${from} → 22050 Hz (${taps} taps): SIMD ${fmt(await time(true), 60)}, JS ${fmt(await time(false), 60)} real time`);
    }

    if (existsSync(REFERENCE_JSON)) {
      const ref = JSON.parse(readFileSync(REFERENCE_JSON, 'utf8')) as {
        tracks: { path: string; duration_s: number; cpu_s: { load_22050_mono_soxr_hq: number } }[];
      };
      console.log('\nreal soundtrack files vs librosa.load(sr=22050, mono, soxr_hq) CPU time (reference.json):');
      for (const t of ref.tracks.filter((x) => existsSync(x.path)).slice(0, 3)) {
        const w = await best(2, () => timeDecode(t.path, 'wasm'));
        const f = await best(2, () => timeDecode(t.path, 'ffmpeg'));
        const lib = t.cpu_s.load_22050_mono_soxr_hq;
        console.log(
          `  ${t.path.split('/').pop()}: wasm ${fmt(w, t.duration_s)}, ffmpeg ${fmt(f, t.duration_s)}, librosa ${fmt(lib, t.duration_s)}` +
            ` (ffmpeg path ${(lib / f).toFixed(2)}x librosa's speed)`,
        );
      }
    }

    console.log('\npeak memory decoding a 60-minute file (maxRSS of a fresh process):');
    const target = (3600 * 22050 * 4) / 2 ** 20;
    console.log(`  the result alone: 60 min × 22,050 Hz × 4 bytes = ${target.toFixed(0)} MiB`);
    for (const ext of ['flac', 'mp3', 'm4a']) {
      const p = makeFixture(dir, ext, 3600);
      for (const d of ext === 'm4a' ? (['ffmpeg'] as const) : (['wasm', 'ffmpeg'] as const)) {
        const m = peakMemory(p, d);
        console.log(`  ${ext} ${d.padEnd(6)}: maxRSS ${m.rssMiB.toFixed(0)} MiB = ${(m.rssMiB / target).toFixed(2)} × the result`);
      }
      rmSync(p);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
