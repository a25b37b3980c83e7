import { lstat, open, stat } from 'node:fs/promises';
import { parseFile } from 'music-metadata';
import { DETECT_BYTES, describeUnknown, detectFormat, looksLikeText, WASM_FORMATS } from './detect-format.js';
import { DecodeError } from './errors.js';
import { decodeWithFfmpeg, defaultFfmpegPath, fallbackFfmpegPath, ffmpegAvailable } from './ffmpeg.js';
import { MonoSink } from './mono-sink.js';
import { readStreamInfo, type StreamInfo } from './stream-info.js';
import { decodeWithWasm } from './wasm-decode.js';
import { decodeWav, readWavLayout } from './wav.js';

/**
 * Which decoder to use. 'auto': the system ffmpeg when it runs, else the optional bundled ffmpeg,
 * else the built-in decoders; a file ffmpeg refuses goes to the built-in decoders when they know
 * its format.
 */
export type DecoderChoice = 'auto' | 'wasm' | 'ffmpeg';

/** A decoded track: mono samples at `sampleRate`. */
export interface DecodedAudio {
  /** Mono (mean of the channels), at `sampleRate`, full scale ±1. */
  samples: Float32Array;
  /** Hz (22,050 unless asked otherwise). */
  sampleRate: number;
  /** samples.length / sampleRate, in seconds. */
  durationSec: number;
  /** Detected from the bytes: wav, mp3, flac, ogg-vorbis, ogg-opus, mp4, it, … (see detect-format.ts). */
  format: string;
  decoder: 'wasm' | 'ffmpeg';
  /** Native sample rate of the file in Hz (with ffmpeg: from the headers when they tell, else 0). */
  sourceRate: number;
  /** Non-fatal decoder complaints (e.g. one corrupt frame), at most a few. */
  warnings: string[];
  /**
   * Why ffmpeg, the decoder 'auto' chose, refused a file that the built-in decoder then read (an
   * Ogg Vorbis stream that repeats its header packets on its first audio page, say); absent otherwise.
   */
  ffmpegRefused?: string;
}

/** Options of `decodeAudio`. */
export interface DecodeOptions {
  decoder?: DecoderChoice;
  /** Output rate in Hz; default 22050 (librosa's default sr). */
  sampleRate?: number;
  /**
   * ffmpeg executable; default `MIR_FFMPEG` or `ffmpeg` on the PATH, with the optional bundled
   * ffmpeg as a fallback when neither is given nor runs.
   */
  ffmpegPath?: string;
}

/** Tracker modules: only an ffmpeg built with libopenmpt (Debian's) renders them. */
const TRACKER_FORMATS = new Set(['it', 's3m', 'xm', 'mod']);

const FORMAT_NAMES: Record<string, string> = {
  mp4: 'MP4/M4A (AAC or ALAC)',
  aac: 'ADTS AAC',
  asf: 'ASF/WMA',
  aiff: 'AIFF',
  caf: 'Core Audio (CAF)',
  matroska: 'Matroska/WebM',
  it: 'Impulse Tracker module',
  s3m: 'Scream Tracker 3 module',
  xm: 'FastTracker 2 module',
  mod: 'ProTracker module',
  'ogg-flac': 'Ogg FLAC',
  'ogg-speex': 'Ogg Speex',
};

// A decoded stream this much shorter than its header announces counts as truncated.
const TRUNCATION_TOLERANCE = 0.02;
const TRUNCATION_MIN_SEC = 0.25;
// Longest announced duration (s) for which the output is preallocated.
const MAX_PREALLOC_SEC = 3 * 3600;

function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder, not an audio file';
  return (e as Error).message ?? String(e);
}

async function checkFile(path: string): Promise<number> {
  let st: Awaited<ReturnType<typeof stat>>;
  try {
    st = await stat(path);
  } catch (e) {
    const link = await lstat(path).catch(() => undefined);
    if (link?.isSymbolicLink()) throw new DecodeError(path, 'dangling symbolic link (its target does not exist)');
    throw new DecodeError(path, fsReason(e), { cause: e });
  }
  if (st.isDirectory()) throw new DecodeError(path, 'is a folder, not an audio file');
  if (!st.isFile()) throw new DecodeError(path, 'not a regular file');
  if (st.size === 0) throw new DecodeError(path, 'empty file (0 bytes)');
  return st.size;
}

/** Duration in seconds from the container headers (music-metadata, no full scan), if it says. */
async function containerDuration(path: string): Promise<number | undefined> {
  try {
    const m = await parseFile(path, { duration: false, skipCovers: true });
    const d = m.format.duration;
    return typeof d === 'number' && Number.isFinite(d) && d > 0 && d < 48 * 3600 ? d : undefined;
  } catch {
    return undefined;
  }
}

function secs(frames: number, rate: number): string {
  return `${(frames / rate).toFixed(2)} s`;
}

/**
 * Decodes an audio file to mono Float32 samples at `sampleRate` (default 22,050 Hz). The format is
 * detected from the bytes. Throws DecodeError (one line: path + reason) for anything unusable:
 * missing, empty, not audio, truncated, or a format that needs the absent ffmpeg.
 */
export async function decodeAudio(path: string, opts: DecodeOptions = {}): Promise<DecodedAudio> {
  const sampleRate = opts.sampleRate ?? 22050;
  const choice = opts.decoder ?? 'auto';
  const ffmpegPath = opts.ffmpegPath ?? defaultFfmpegPath();
  const size = await checkFile(path);
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw new DecodeError(path, fsReason(e), { cause: e });
  }
  try {
    const head = new Uint8Array(Math.min(size, DETECT_BYTES));
    const tail = new Uint8Array(Math.min(size, DETECT_BYTES));
    try {
      await fh.read(head, 0, head.length, 0);
      await fh.read(tail, 0, tail.length, size - tail.length);
    } catch (e) {
      throw new DecodeError(path, `cannot read: ${fsReason(e)}`, { cause: e });
    }
    const det = detectFormat(head);
    const haveSystem = choice !== 'wasm' && ffmpegAvailable(ffmpegPath);
    // The bundled ffmpeg (an old static build) stands in for a missing system ffmpeg, unless one was
    // named on purpose (option or MIR_FFMPEG).
    const bundled = choice !== 'wasm' && !haveSystem && opts.ffmpegPath === undefined ? fallbackFfmpegPath() : undefined;
    const haveFfmpeg = haveSystem || bundled !== undefined;
    // Unknown binary data may still be something ffmpeg reads; text never is.
    if (!det && (!haveFfmpeg || looksLikeText(head))) throw new DecodeError(path, describeUnknown(head));
    const format = det?.format ?? 'unknown';
    const named = FORMAT_NAMES[format] ?? format;
    let useFfmpeg: boolean;
    if (bundled !== undefined && TRACKER_FORMATS.has(format)) {
      throw new DecodeError(path, `${named} audio needs ffmpeg with libopenmpt, which the bundled ffmpeg lacks and the PATH has not (install ffmpeg)`);
    }
    if (choice === 'ffmpeg') {
      if (!haveFfmpeg) throw new DecodeError(path, `the ffmpeg decoder was requested but ${ffmpegPath} is not available (install ffmpeg)`);
      useFfmpeg = true;
    } else if (choice === 'wasm') {
      if (!WASM_FORMATS.has(format)) throw new DecodeError(path, `${named} audio has no built-in decoder; it needs ffmpeg`);
      useFfmpeg = false;
    } else {
      useFfmpeg = haveFfmpeg;
      if (!useFfmpeg && !WASM_FORMATS.has(format)) {
        throw new DecodeError(path, `${named} audio needs ffmpeg, which is not on the PATH (install ffmpeg)`);
      }
    }

    const info: StreamInfo | undefined = det ? readStreamInfo(format, det.offset, head, tail, size) : undefined;
    let hint = info ? Math.ceil((info.frames * sampleRate) / info.sampleRate) : undefined;
    const channels = info?.channels ?? 0;
    if (info === undefined && useFfmpeg && det) {
      // MP4 and friends: the container's duration lets the output be preallocated (peak ≈ 1× not 2×).
      // Its channel count is not trusted (MP4 reports 2 for 5.1 AAC): channels stays 0 = unknown.
      const d = await containerDuration(path);
      if (d !== undefined) hint = Math.ceil(d * sampleRate);
    }
    // A corrupt header must not reserve gigabytes: beyond 3 hours, grow as the samples arrive.
    if (hint !== undefined && hint > MAX_PREALLOC_SEC * sampleRate) hint = undefined;
    let sink = new MonoSink(sampleRate, hint);
    let warnings: string[] = [];
    let firstComplaint: string | undefined;
    let ffmpegRefused: string | undefined;
    if (useFfmpeg) {
      const { error: err, warning, refused: ffmpegSaidNo } = await decodeWithFfmpeg(path, sampleRate, sink, bundled ?? ffmpegPath, channels);
      if (warning) warnings = [warning];
      if (err) {
        const reason = err.split(`${path}: `).join('');
        const refused = new DecodeError(path, det ? reason : `${describeUnknown(head)}; ffmpeg cannot read it either`);
        // ffmpeg is stricter than the reference decoders on some files (Debian's 5.1 refuses an Ogg
        // Vorbis stream whose header packets come again on its first audio page, which libvorbis
        // plays, as in three of hyperrogue-music's tracks): when the built-in decoders know the
        // format, they get their turn before the file counts as bad. Not when ffmpeg was killed
        // (Ctrl-C reaches it too): such a track is simply tried next run.
        if (choice !== 'auto' || !ffmpegSaidNo || !WASM_FORMATS.has(format)) throw refused;
        sink = new MonoSink(sampleRate, hint);
        try {
          ({ warnings, firstComplaint } = await decodeBuiltIn(path, fh, size, format, sink));
        } catch (e) {
          const why = e instanceof DecodeError ? e.reason : (e as Error).message;
          throw new DecodeError(path, `${reason}; the built-in decoder failed too (${why})`, { cause: e });
        }
        useFfmpeg = false;
        ffmpegRefused = reason;
      }
    } else {
      ({ warnings, firstComplaint } = await decodeBuiltIn(path, fh, size, format, sink));
    }

    let samples = sink.finish();
    if (useFfmpeg && info?.exact && (format === 'ogg-vorbis' || format === 'ogg-opus')) {
      // ffmpeg before 5 (Ubuntu 20.04's 4.2, the bundled 4.1) keeps the last Ogg page's padding past
      // its granule position (up to ~25 ms); libsndfile, newer ffmpeg and our decoders stop there.
      const exact = Math.ceil((info.frames * sampleRate) / info.sampleRate);
      if (samples.length > exact) samples = samples.subarray(0, exact);
    }
    if (samples.length === 0 && ffmpegRefused !== undefined) {
      const why = firstComplaint ?? warnings[0];
      throw new DecodeError(path, `${ffmpegRefused}; the built-in decoder found no audio either${why !== undefined ? ` (${why})` : ''}`);
    }
    if (samples.length === 0) {
      const why = firstComplaint !== undefined ? ` (${firstComplaint})` : warnings.length > 0 ? ` (${warnings[0]})` : '';
      throw new DecodeError(path, `no audio could be decoded from this ${named} file${why}`);
    }
    if (info?.complete === false) {
      throw new DecodeError(path, `truncated: the last Ogg page is cut off (${secs(samples.length, sampleRate)} decoded)`);
    }
    if (info?.exact) {
      const expected = (info.frames * sampleRate) / info.sampleRate;
      const short = expected - samples.length;
      if (short > Math.max(TRUNCATION_TOLERANCE * expected, TRUNCATION_MIN_SEC * sampleRate)) {
        throw new DecodeError(
          path,
          `truncated: ${secs(samples.length, sampleRate)} decoded of the ${secs(expected, sampleRate)} its header announces`,
        );
      }
    }
    return {
      samples,
      sampleRate,
      durationSec: samples.length / sampleRate,
      format,
      decoder: useFfmpeg ? 'ffmpeg' : 'wasm',
      sourceRate: useFfmpeg ? (info?.sampleRate ?? 0) : sink.inputRate,
      warnings,
      ...(ffmpegRefused !== undefined ? { ffmpegRefused } : {}),
    };
  } finally {
    await fh.close();
  }
}

/** Decodes with the built-in decoders (WAV read directly, the rest in WebAssembly) into `sink`. */
async function decodeBuiltIn(
  path: string,
  fh: Awaited<ReturnType<typeof open>>,
  size: number,
  format: string,
  sink: MonoSink,
): Promise<{ warnings: string[]; firstComplaint: string | undefined }> {
  if (format === 'wav') {
    const layout = await readWavLayout(fh, size);
    if (typeof layout === 'string') throw new DecodeError(path, layout);
    await decodeWav(fh, layout, sink);
    return { warnings: [], firstComplaint: undefined };
  }
  let r: Awaited<ReturnType<typeof decodeWithWasm>>;
  try {
    r = await decodeWithWasm(fh, size, format, sink);
  } catch (e) {
    // A decoder package's own bug or a WebAssembly trap, met on damaged data.
    const broke = e instanceof ReferenceError || e instanceof TypeError || e instanceof RangeError || e instanceof WebAssembly.RuntimeError;
    const what = broke ? `the built-in ${format} decoder broke down on damaged data (${(e as Error).name}: ${(e as Error).message})` : `${format} decoder failed: ${(e as Error).message}`;
    throw new DecodeError(path, what, { cause: e });
  }
  if (r.fatal) throw new DecodeError(path, r.fatal);
  // Worded as ffmpeg's damage is (src/audio/ffmpeg.ts), so both decoders say it alike.
  const warnings =
    r.errorCount > 0 ? [`damaged data skipped by the built-in decoder (${r.errorCount} decoding error${r.errorCount === 1 ? '' : 's'}; first: ${r.errors[0]})`] : [];
  // Set-up complaints come first in time, and when no audio follows they are the reason.
  return { warnings, firstComplaint: r.headerErrors[0] ?? r.errors[0] };
}
