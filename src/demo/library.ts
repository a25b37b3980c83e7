import { existsSync, mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { writeFileAtomic } from '../util/atomic-write.js';
import { createRng, type Rng } from '../util/rng.js';
import { encodeFlac } from './flac.js';
import type { DemoTags } from './id3.js';
import { encodeMp3 } from './mp3.js';
import { renderChiptune } from './style-chip.js';
import { renderDrumLoop } from './style-drums.js';
import { renderAmbientPad } from './style-pad.js';
import { renderPluckedMelody } from './style-pluck.js';
import { renderNoiseRock } from './style-rock.js';
import { encodeWav, quantize, type WavEncoding } from './wav.js';

type Renderer = (rng: Rng, sr: number, L: Float32Array, R: Float32Array) => string;

/** One synthetic style: `id` is stable (file names, `style`), `genre` is the tag written. */
export interface DemoStyle {
  id: string;
  genre: string;
  artists: [string, string];
  render: Renderer;
}

/** The five demo styles, in the order tracks cycle through them. */
export const DEMO_STYLES: readonly DemoStyle[] = [
  { id: 'drum-loop', genre: 'Drum Loop', artists: ['Kick Theory', 'Rhythm Lab'], render: renderDrumLoop },
  { id: 'ambient-pad', genre: 'Ambient Pad', artists: ['Ångström Drift', 'Slow Weather'], render: renderAmbientPad },
  { id: 'plucked-melody', genre: 'Plucked Melody', artists: ['Café Strings', 'Karplus & Strong'], render: renderPluckedMelody },
  { id: 'noise-rock', genre: 'Noise Rock', artists: ['Feedback Ünion', 'Static Wolves'], render: renderNoiseRock },
  { id: 'chiptune', genre: 'Chiptune', artists: ['8-Bit Señor', 'Pulse Width'], render: renderChiptune },
];

/** File encodings the demo writes; `format` of a track is the container (wav, flac, mp3). */
export type DemoEncoding = 'wav-pcm16' | 'wav-pcm24' | 'wav-float32' | 'flac-16' | 'mp3-128k';

/**
 * Encoding of the j-th track of a style, rotated by style so that every style spans several formats
 * and no format stands for a style. Per ten tracks: 4 FLAC, 3 WAV 16-bit, 1 WAV 24-bit,
 * 1 WAV float, 1 MP3 slot (every other MP3 slot of the library is written as FLAC, see planDemoLibrary).
 */
const ENCODING_CYCLE: DemoEncoding[] = [
  'flac-16', 'wav-pcm16', 'mp3-128k', 'flac-16', 'wav-pcm24', 'wav-pcm16', 'flac-16', 'wav-float32', 'wav-pcm16', 'flac-16',
];

/** The album tag of every demo track. */
export const DEMO_ALBUM = 'mir-cluster-playlist demo';
/** The title of the one track whose tag is an HTML injection attempt (reports must show it as text). */
export const HOSTILE_TITLE = '<img src=x onerror=alert(1)>';

export interface DemoOptions {
  /** Tracks per style (default 10: 50 tracks). */
  tracksPerStyle?: number;
  /** Length of every track in seconds (default 30). */
  durationSec?: number;
  /** Seed of every random choice (default 1); the same seed gives byte-identical files. */
  seed?: number;
  /** Main sample rate in Hz (default 44100); every fourth track uses 48000 (44100 if the main rate is 48000). */
  sampleRate?: number;
  /** Write MP3 files (default true: 3 of 50 tracks); when false those tracks are written as FLAC instead. */
  mp3?: boolean;
  /** Worker threads to synthesise on (default: min(4, cores)); 0 or 1 runs in this thread. */
  workers?: number;
  /** Called after each file is written (in completion order when workers are used). */
  onTrack?: (done: number, total: number, track: DemoTrack) => void;
}

export interface DemoTrack {
  /** Absolute path of the audio file. */
  path: string;
  /** File name relative to the library folder (as listed in demo.m3u). */
  file: string;
  title: string;
  artist: string;
  album: string;
  /** The genre tag written, or '' for the one track written without a genre tag. */
  genre: string;
  /** Style id the audio was synthesised in (drum-loop, ambient-pad, ...), always set. */
  style: string;
  /** Container: 'wav' | 'flac' | 'mp3'. */
  format: string;
  encoding: DemoEncoding;
  sampleRate: number;
  channels: number;
  durationSec: number;
  trackNumber: number;
}

const MP3_RATES = new Set([32000, 44100, 48000]);

/** A per-track seed mixing the library seed and the track index (so tracks are independent). */
function trackSeed(seed: number, index: number): number {
  return (Math.imul((seed >>> 0) ^ 0x5bd1e995, 0x27d4eb2d) + Math.imul(index + 1, 0x9e3779b1)) >>> 0;
}

/** Renders the audio of one track as one or two float channels in [-1, 1]. */
export function renderDemoAudio(style: DemoStyle, seed: number, sampleRate: number, durationSec: number, channels: 1 | 2): { audio: Float32Array[]; detail: string } {
  const n = Math.round(durationSec * sampleRate);
  const L = new Float32Array(n);
  const R = new Float32Array(n);
  const detail = style.render(createRng(seed), sampleRate, L, R);
  if (channels === 2) return { audio: [L, R], detail };
  for (let i = 0; i < n; i++) L[i] = 0.5 * (L[i]! + R[i]!);
  return { audio: [L], detail };
}

function encode(audio: Float32Array[], sampleRate: number, encoding: DemoEncoding, tags: DemoTags): Uint8Array {
  switch (encoding) {
    case 'flac-16': {
      const ints = audio.map((c) => {
        const a = new Int32Array(c.length);
        for (let i = 0; i < c.length; i++) a[i] = quantize(c[i]!, 16);
        return a;
      });
      const vc: [string, string][] = [['TITLE', tags.title], ['ARTIST', tags.artist], ['ALBUM', tags.album]];
      if (tags.genre !== undefined) vc.push(['GENRE', tags.genre]);
      if (tags.trackNumber !== undefined) vc.push(['TRACKNUMBER', String(tags.trackNumber)]);
      return encodeFlac(ints, sampleRate, 16, { tags: vc });
    }
    case 'mp3-128k':
      return encodeMp3(audio, sampleRate, tags, 128);
    default: {
      const enc = encoding.slice(4) as WavEncoding;
      // 16-bit files carry RIFF INFO tags, 24-bit an `id3 ` chunk, float both: all three layouts occur.
      const style = enc === 'pcm16' ? 'info' : enc === 'pcm24' ? 'id3' : 'both';
      return encodeWav(audio, sampleRate, enc, tags, style);
    }
  }
}

/** Everything needed to make one track, plain data so it can be posted to a worker thread. */
export interface DemoTrackPlan {
  dir: string;
  index: number; // 0-based position in the playlist
  styleIndex: number;
  styleTrack: number; // 0-based index within the style
  seed: number;
  encoding: DemoEncoding;
  sampleRate: number;
  channels: 1 | 2;
  durationSec: number;
}

/** The plan of every track of the library, in playlist order (styles interleaved). */
export function planDemoLibrary(dir: string, opts: DemoOptions = {}): DemoTrackPlan[] {
  const perStyle = opts.tracksPerStyle ?? 10;
  const durationSec = opts.durationSec ?? 30;
  const seed = opts.seed ?? 1;
  const baseRate = opts.sampleRate ?? 44100;
  const withMp3 = opts.mp3 ?? true;
  if (!Number.isInteger(perStyle) || perStyle < 1) throw new Error(`demo: tracksPerStyle must be a positive integer, got ${perStyle}`);
  if (!(durationSec >= 0.5 && durationSec <= 3600)) throw new Error(`demo: durationSec must be in [0.5, 3600], got ${durationSec}`);
  if (!Number.isFinite(seed)) throw new Error(`demo: seed must be a number, got ${seed}`);
  if (!MP3_RATES.has(baseRate)) throw new Error(`demo: sampleRate must be 32000, 44100 or 48000, got ${baseRate}`);
  const altRate = baseRate === 48000 ? 44100 : 48000;
  const S = DEMO_STYLES.length;
  const plans: DemoTrackPlan[] = [];
  let mp3Seen = 0;
  for (let j = 0; j < perStyle; j++) {
    for (let s = 0; s < S; s++) {
      const g = j * S + s;
      let encoding = ENCODING_CYCLE[(j + 2 * s) % ENCODING_CYCLE.length]!;
      // MP3 encoding (pure-JS LAME) costs more than everything else together, so only every other
      // MP3 slot stays MP3: the first stereo at the main rate, the others mono at 32 kHz.
      let mp3Rate = 0;
      if (encoding === 'mp3-128k') {
        mp3Seen++;
        if (!withMp3 || mp3Seen % 2 === 0) encoding = 'flac-16';
        else mp3Rate = mp3Seen === 1 ? baseRate : 32000;
      }
      plans.push({
        dir,
        index: g,
        styleIndex: s,
        styleTrack: j,
        seed: trackSeed(seed, g),
        encoding,
        sampleRate: mp3Rate || (g % 4 === 3 ? altRate : baseRate),
        // Thirds alternate stereo/mono, which crosses both rates and every style.
        channels: mp3Rate ? (mp3Seen === 1 ? 2 : 1) : Math.floor(g / 3) % 2 === 0 ? 2 : 1,
        durationSec,
      });
    }
  }
  return plans;
}

/** Renders, encodes and writes one planned track; returns its record. */
export function writeDemoTrack(plan: DemoTrackPlan): DemoTrack {
  const { index: g, styleTrack: j, encoding, sampleRate, channels } = plan;
  const style = DEMO_STYLES[plan.styleIndex]!;
  const { audio, detail } = renderDemoAudio(style, plan.seed, sampleRate, plan.durationSec, channels);
  const title = g === 1 ? HOSTILE_TITLE : `${style.genre} ${j + 1} (${detail})`;
  const tags: DemoTags = {
    title,
    artist: style.artists[j % 2]!,
    album: DEMO_ALBUM,
    genre: g === 3 ? undefined : style.genre,
    trackNumber: g + 1,
  };
  const format = encoding.split('-')[0]!;
  const file = `${String(g + 1).padStart(2, '0')}-${style.id}-${j + 1}.${format}`;
  const path = resolve(plan.dir, file);
  writeFileAtomic(path, encode(audio, sampleRate, encoding, tags));
  return {
    path,
    file,
    title,
    artist: tags.artist,
    album: DEMO_ALBUM,
    genre: tags.genre ?? '',
    style: style.id,
    format,
    encoding,
    sampleRate,
    channels,
    durationSec: audio[0]!.length / sampleRate,
    trackNumber: g + 1,
  };
}

/** Runs the plans on `workers` worker threads; resolves with the records in plan order. */
function runInWorkers(plans: DemoTrackPlan[], workers: number, workerUrl: URL, onDone: (t: DemoTrack) => void): Promise<DemoTrack[]> {
  return new Promise((resolvePromise, reject) => {
    const out: DemoTrack[] = new Array(plans.length);
    // Longest jobs first (MP3 encoding dominates) so the workers finish together.
    const queue = [...plans].sort((a, b) => Number(b.encoding === 'mp3-128k') - Number(a.encoding === 'mp3-128k') || a.index - b.index);
    let next = 0;
    let done = 0;
    let failed = false;
    const pool: Worker[] = [];
    const finish = (err?: Error): void => {
      if (failed) return;
      if (err) failed = true;
      if (err || done === plans.length) {
        for (const w of pool) void w.terminate();
        if (err) reject(err);
        else resolvePromise(out);
      }
    };
    const feed = (w: Worker): void => {
      if (next < queue.length) w.postMessage(queue[next++]);
    };
    for (let i = 0; i < Math.min(workers, plans.length); i++) {
      const w = new Worker(workerUrl);
      pool.push(w);
      w.on('message', (m: { ok: true; track: DemoTrack; index: number } | { ok: false; error: string }) => {
        if (!m.ok) {
          finish(new Error(`demo: ${m.error}`));
          return;
        }
        out[m.index] = m.track;
        done++;
        onDone(m.track);
        feed(w);
        finish();
      });
      w.on('error', (e) => finish(e instanceof Error ? e : new Error(String(e))));
      feed(w);
    }
  });
}

/**
 * Synthesises the deterministic demo library into `dir`: tracksPerStyle × 5 styles of audio files
 * (WAV 16/24-bit/float, FLAC, MP3; mono and stereo; 44.1 and 48 kHz) with title/artist/album/genre
 * tags, plus `demo.m3u` listing them by relative path. Track 2 has an HTML-injection title and
 * track 4 no genre tag. Tracks are made on worker threads when there is more than one core; the
 * bytes do not depend on that. Returns the playlist path and one record per track, in playlist order.
 */
export async function synthesizeDemoLibrary(dir: string, opts: DemoOptions = {}): Promise<{ m3uPath: string; tracks: DemoTrack[] }> {
  const absDir = resolve(dir);
  const plans = planDemoLibrary(absDir, opts);
  mkdirSync(absDir, { recursive: true });
  const total = plans.length;
  let done = 0;
  const report = (t: DemoTrack): void => {
    done++;
    opts.onTrack?.(done, total, t);
  };
  const workers = opts.workers ?? Math.min(4, availableParallelism());
  const workerUrl = new URL('./worker.js', import.meta.url);
  let tracks: DemoTrack[];
  if (workers > 1 && existsSync(fileURLToPath(workerUrl))) {
    tracks = await runInWorkers(plans, workers, workerUrl, report);
  } else {
    tracks = [];
    for (const p of plans) {
      const t = writeDemoTrack(p);
      tracks.push(t);
      report(t);
      // Let the event loop breathe between tracks (progress output, signals).
      await new Promise<void>((r) => setImmediate(r));
    }
  }
  const lines = ['#EXTM3U'];
  for (const t of tracks) lines.push(`#EXTINF:${Math.round(t.durationSec)},${t.artist} - ${t.title}`, t.file);
  const m3uPath = join(absDir, 'demo.m3u');
  writeFileAtomic(m3uPath, `${lines.join('\n')}\n`);
  return { m3uPath, tracks };
}
