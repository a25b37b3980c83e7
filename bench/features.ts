/**
 * Feature extraction speed: CPU seconds per minute of audio for the blog, readme and full sets on
 * the six reference tracks of shared/bench/reference.json, next to librosa 0.11's figures there
 * (same 2-core machine kind, one thread), with the ratios. Decoding is timed separately (the
 * in-process WASM decoder, and ffmpeg as a child process via the kernel's child CPU accounting).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeAudio } from '../src/audio/index.js';
import { bundledFfmpegPath } from '../src/audio/bundled-ffmpeg.js';
import { extractFeatures, type FeatureSetName } from '../src/features/index.js';

interface Reference {
  tracks: { path: string; duration_s: number }[];
  cpu_s_per_minute_of_audio: { load_22050_mono_soxr_hq: number; blog_set: number; readme_set: number };
}

function repoRoot(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(d, 'package.json'))) d = dirname(d);
  return d;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** CPU seconds used by waited-for child processes (Linux /proc/self/stat cutime + cstime). */
function childCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); cutime and cstime are fields 16 and 17
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

function decodeFfmpeg(path: string, ffmpeg = 'ffmpeg'): Float32Array {
  const buf = execFileSync(ffmpeg, ['-v', 'error', '-i', path, '-f', 'f32le', '-ac', '1', '-ar', '22050', '-'], {
    maxBuffer: 1 << 30,
  });
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
}

/** Prints the figures. */
export async function run(): Promise<void> {
  const shared = process.env.MIR_SHARED_DIR ?? resolve(repoRoot(), '..', 'shared');
  const ref = JSON.parse(readFileSync(join(shared, 'bench', 'reference.json'), 'utf8')) as Reference;
  const sets: FeatureSetName[] = ['blog', 'readme', 'full'];
  const cpu: Record<string, number> = { blog: 0, readme: 0, full: 0, wasm: 0, ffmpeg: 0, bundled: 0 };
  // The optional dependency's static ffmpeg 4.1, used when no system ffmpeg is on the PATH.
  const bundled = bundledFfmpegPath();
  let minutes = 0;
  let warmed = false;
  for (const t of ref.tracks) {
    if (!existsSync(t.path)) {
      console.log(`skip (not installed): ${t.path}`);
      continue;
    }
    const c0 = childCpuSeconds();
    const y = decodeFfmpeg(t.path);
    cpu.ffmpeg! += childCpuSeconds() - c0;
    if (bundled !== undefined) {
      const b0 = childCpuSeconds();
      decodeFfmpeg(t.path, bundled);
      cpu.bundled! += childCpuSeconds() - b0;
    }
    const w0 = cpuSeconds();
    await decodeAudio(t.path, { decoder: 'wasm', sampleRate: 22050 });
    cpu.wasm! += cpuSeconds() - w0;
    if (!warmed) {
      for (const s of sets) extractFeatures(y.subarray(0, 22050 * 20), 22050, s);
      warmed = true;
    }
    const mins = y.length / 22050 / 60;
    minutes += mins;
    const line: string[] = [];
    for (const s of sets) {
      const a = cpuSeconds();
      extractFeatures(y, 22050, s);
      const d = cpuSeconds() - a;
      cpu[s]! += d;
      line.push(`${s} ${(d / mins).toFixed(3)}`);
    }
    console.log(`${t.path.split('/').pop()!.padEnd(44)} ${mins.toFixed(2)} min  cpu-s/min: ${line.join('  ')}`);
  }
  if (minutes === 0) return;
  const per = (k: string) => cpu[k]! / minutes;
  const lib = ref.cpu_s_per_minute_of_audio;
  const row = (name: string, ours: number, librosa?: number, target?: string) =>
    console.log(
      `${name.padEnd(28)} ${ours.toFixed(3).padStart(7)} s/min  ${(60 / ours).toFixed(0).padStart(5)}x real time` +
        (librosa !== undefined ? `   librosa ${librosa.toFixed(3)} s/min  speed-up ${(librosa / ours).toFixed(1)}x` : '') +
        (target ? `   (target ${target})` : ''),
    );
  console.log(`\nCPU seconds per minute of audio, ${minutes.toFixed(1)} min of audio, one thread:`);
  row('decode: ffmpeg (child)', per('ffmpeg'), lib.load_22050_mono_soxr_hq);
  if (bundled !== undefined) row('decode: bundled ffmpeg', per('bundled'), lib.load_22050_mono_soxr_hq);
  row('decode: wasm (in process)', per('wasm'), lib.load_22050_mono_soxr_hq);
  row('blog set', per('blog'), lib.blog_set, '>= 5x');
  row('readme set', per('readme'), lib.readme_set, '>= 10x');
  row('full set', per('full'));
  row('full set + ffmpeg decode', per('full') + per('ffmpeg'), undefined, '>= 150x real time');
  if (bundled !== undefined) row('full set + bundled ffmpeg', per('full') + per('bundled'), undefined, '>= 150x real time');
  row('full set + wasm decode', per('full') + per('wasm'), undefined, '>= 150x real time');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
