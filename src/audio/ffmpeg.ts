import { spawn, spawnSync } from 'node:child_process';
import { bundledFfmpegPath } from './bundled-ffmpeg.js';
import type { MonoSink } from './mono-sink.js';

const availability = new Map<string, boolean>();
const soxrSupport = new Map<string, boolean>();

/** The system ffmpeg: `MIR_FFMPEG` when set, else `ffmpeg` from the PATH. */
export function defaultFfmpegPath(): string {
  return process.env.MIR_FFMPEG || 'ffmpeg';
}

/**
 * The optional bundled ffmpeg (`@ffmpeg-installer/ffmpeg`) when it is installed and runs, else
 * undefined. It is a fallback only: never used when `MIR_FFMPEG` names an ffmpeg on purpose.
 */
export function fallbackFfmpegPath(): string | undefined {
  if (process.env.MIR_FFMPEG) return undefined;
  const bundled = bundledFfmpegPath();
  return bundled !== undefined && ffmpegAvailable(bundled) ? bundled : undefined;
}

/** Which ffmpeg decoding can use: the system one, the bundled fallback, or none. */
export function ffmpegKind(): 'system' | 'bundled' | 'none' {
  if (ffmpegAvailable()) return 'system';
  return fallbackFfmpegPath() !== undefined ? 'bundled' : 'none';
}

/** True when `ffmpeg -version` runs (checked once per executable path). */
export function ffmpegAvailable(ffmpegPath: string = defaultFfmpegPath()): boolean {
  let ok = availability.get(ffmpegPath);
  if (ok === undefined) {
    const r = spawnSync(ffmpegPath, ['-hide_banner', '-version'], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 10000 });
    ok = r.status === 0 && /ffmpeg version/i.test(String(r.stdout));
    availability.set(ffmpegPath, ok);
  }
  return ok;
}

/** True when this ffmpeg was built with libsoxr (Debian's is); checked once per executable path. */
export function ffmpegHasSoxr(ffmpegPath: string = defaultFfmpegPath()): boolean {
  let ok = soxrSupport.get(ffmpegPath);
  if (ok === undefined) {
    const r = spawnSync(ffmpegPath, ['-hide_banner', '-buildconf'], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 10000 });
    ok = r.status === 0 && /--enable-libsoxr/.test(String(r.stdout));
    soxrSupport.set(ffmpegPath, ok);
  }
  return ok;
}

/**
 * Arguments that decode the first audio stream and resample it with soxr at 20-bit precision (soxr
 * "HQ", librosa's default), downmixed to librosa's plain channel mean:
 * - 1–2 channels: `rematrix_maxval=1` normalises ffmpeg's downmix to (L+R)/2 (plain `-ac 1` gives
 *   (L+R)/√2, 3 dB louder);
 * - more channels: an equal-weight `pan` (ffmpeg's own downmix weights centre and surrounds and
 *   drops the LFE);
 * - channel count unknown (0): all channels come out as a float WAV stream and are averaged here.
 */
export function ffmpegArgs(path: string, sampleRate: number, channels = 0, soxrAvailable = true): string[] {
  const input = ['-nostdin', '-hide_banner', '-v', 'error', '-i', path, '-map', '0:a:0', '-vn', '-sn', '-dn'];
  // Without libsoxr: ffmpeg's own resampler with a longer, steeper filter than its default.
  const soxr = soxrAvailable ? 'aresample=resampler=soxr:precision=20' : 'aresample=filter_size=64:cutoff=0.95:kaiser_beta=12';
  if (channels === 0) {
    return [...input, '-af', soxr, '-ar', String(sampleRate), '-c:a', 'pcm_f32le', '-f', 'wav', '-'];
  }
  let filter = `${soxr}:rematrix_maxval=1`;
  if (channels > 2) {
    const w = 1 / channels;
    const terms = Array.from({ length: channels }, (_, c) => `${w}*c${c}`).join('+');
    filter = `pan=mono|c0=${terms},${soxr}`;
  }
  return [...input, '-af', filter, '-ac', '1', '-ar', String(sampleRate), '-f', 'f32le', '-'];
}

/** Reads ffmpeg's stdout: raw mono f32le, or a float WAV stream whose channels are averaged here. */
class OutputReader {
  private carry = new Uint8Array(0);
  /** Channels per frame once known (1 for raw mono output). */
  private channels: number;
  private headerDone: boolean;
  error: string | undefined;

  constructor(
    private readonly sink: MonoSink,
    wav: boolean,
  ) {
    this.channels = wav ? 0 : 1;
    this.headerDone = !wav;
  }

  push(chunk: Uint8Array): void {
    let bytes = chunk;
    if (this.carry.length > 0) {
      bytes = new Uint8Array(this.carry.length + chunk.length);
      bytes.set(this.carry);
      bytes.set(chunk, this.carry.length);
    }
    let at = 0;
    if (!this.headerDone) {
      at = this.parseHeader(bytes);
      if (at < 0) {
        this.carry = bytes.slice();
        return;
      }
    }
    const frameBytes = 4 * this.channels;
    const frames = Math.floor((bytes.length - at) / frameBytes);
    // Copy into an aligned array: the chunk's byte offset need not be a multiple of 4.
    const floats = new Float32Array(frames * this.channels);
    new Uint8Array(floats.buffer).set(bytes.subarray(at, at + frames * frameBytes));
    if (this.channels === 1) this.sink.pushMono(floats);
    else {
      const nc = this.channels;
      const mono = new Float32Array(frames);
      for (let f = 0; f < frames; f++) {
        let sum = 0;
        for (let c = 0; c < nc; c++) sum += floats[f * nc + c];
        mono[f] = sum / nc;
      }
      this.sink.pushMono(mono);
    }
    this.carry = bytes.slice(at + frames * frameBytes);
  }

  /** Offset of the first sample byte, or -1 when more bytes are needed. */
  private parseHeader(b: Uint8Array): number {
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    if (b.length < 12) return -1;
    let p = 12;
    while (p + 8 <= b.length) {
      const id = String.fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3]);
      const size = v.getUint32(p + 4, true);
      if (id === 'fmt ') {
        if (p + 24 > b.length) return -1;
        this.channels = v.getUint16(p + 10, true);
      } else if (id === 'data') {
        if (this.channels === 0) {
          this.error = 'ffmpeg wrote no channel count';
          this.channels = 1;
        }
        this.headerDone = true;
        return p + 8;
      }
      p += 8 + size + (size & 1);
    }
    return -1;
  }
}

/** Drops ffmpeg's "[component @ 0x55…]" prefix: it means nothing to a user. */
function plainLine(s: string): string {
  return s.replace(/^\[[^\]]* @ 0x[0-9a-f]+\]\s*/, '').trim();
}

/**
 * Complaints that are not damage. ffmpeg's own Vorbis decoder says "Overread 8 bits" when a packet
 * ends before the fields it reads: some encoders write one-byte packets for silence
 * (marsshooter-data's music opens with three). The Vorbis I specification makes an early end of
 * packet legal, the rest reads as zeros, and the decoded length still matches the stream's last
 * granule position (to 13 ms); libvorbis decodes the same files without a word.
 */
const NOT_DAMAGE = /^\[vorbis @ 0x[0-9a-f]+\]\s*Overread \d+ bits$/i;

/**
 * Collects what ffmpeg says about damaged input, line by line over the whole of stderr, and sums it
 * up as one warning: how many decoding errors, and the first specific complaint. Our own output
 * muxer's complaints about timestamps (tracker modules trigger them) concern nothing the user can
 * fix and are left out.
 */
export class DamageLog {
  private partial = '';
  private generic = 0;
  private other = 0;
  private first: string | undefined;
  private firstGeneric: string | undefined;

  /** Feeds a chunk of stderr. */
  push(text: string): void {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop()!;
    for (const p of parts) this.line(p);
  }

  private line(raw: string): void {
    if (NOT_DAMAGE.test(raw.trim())) return;
    const l = plainLine(raw);
    if (!l || /non monotonically increasing dts|^Application provided invalid/i.test(l)) return;
    if (!/error|invalid|corrupt|missing|damaged|overread|concealing/i.test(l)) return;
    // ffmpeg pairs each decoder's specific complaint with a generic "Error while decoding stream"
    if (/^Error while decoding stream/i.test(l)) {
      this.generic++;
      this.firstGeneric ??= l;
    } else {
      this.other++;
      this.first ??= l;
    }
  }

  /** One line for the user, or undefined when ffmpeg reported no damage. */
  summary(): string | undefined {
    if (this.partial) {
      this.line(this.partial);
      this.partial = '';
    }
    const count = this.generic || this.other;
    if (count === 0) return undefined;
    const first = this.first ?? this.firstGeneric!;
    return `damaged data skipped by ffmpeg (${count} decoding error${count === 1 ? '' : 's'}; first: ${first})`;
  }
}

/**
 * ffmpeg's last two lines of complaint, without its `Last message repeated 3 times` and without a
 * line the other already says (`Header processing failed: Invalid data…` then `Invalid data…`).
 */
export function lastWords(lines: readonly string[]): string {
  const said = lines.filter((l) => !/^Last message repeated \d+ times?$/.test(l));
  const [a, b] = said.slice(-2);
  if (b === undefined) return a ?? '';
  if (a!.includes(b)) return a!;
  if (b.includes(a!)) return b;
  return `${a}; ${b}`;
}

/** How an ffmpeg decode went: `error` when it failed, `warning` about damaged input when it did not. */
export interface FfmpegOutcome {
  error?: string;
  warning?: string;
  /** ffmpeg ran to its end and said no to the file (not killed, not our reading of its output). */
  refused?: boolean;
}

/**
 * Streams ffmpeg's output at `sampleRate` into the sink as mono (see ffmpegArgs for the downmix).
 * `channels` is the source's channel count from its headers, 0 when unknown. Resolves with ffmpeg's
 * error text (last lines of stderr) when it fails, and a one-line warning when it succeeded over
 * damaged data.
 */
export function decodeWithFfmpeg(
  path: string,
  sampleRate: number,
  sink: MonoSink,
  ffmpegPath = defaultFfmpegPath(),
  channels = 0,
): Promise<FfmpegOutcome> {
  return new Promise((resolvePromise) => {
    const child = spawn(ffmpegPath, ffmpegArgs(path, sampleRate, channels, ffmpegHasSoxr(ffmpegPath)), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const reader = new OutputReader(sink, channels === 0);
    child.stdout.on('data', (chunk: Buffer) => reader.push(chunk));
    const damage = new DamageLog();
    child.stderr.on('data', (d: Buffer) => {
      const text = d.toString('utf8');
      if (stderr.length < 8192) stderr += text;
      damage.push(text);
    });
    child.on('error', (e) => resolvePromise({ error: `cannot run ${ffmpegPath}: ${e.message}` }));
    child.on('close', (code, signal) => {
      // `<path>: Invalid data…` names the file the caller names already.
      const lines = stderr
        .split('\n')
        .map(plainLine)
        .map((l) => (l.startsWith(`${path}: `) ? l.slice(path.length + 2) : l))
        .filter(Boolean);
      if (code === 0) resolvePromise(reader.error ? { error: reader.error } : { warning: damage.summary() });
      else if (lines.some((l) => /^Stream map '0:a:0' matches no streams/.test(l))) {
        // ffmpeg's own words suggest a change to our command line, which helps no user
        resolvePromise({ error: 'no audio stream in the file (a video without sound?)' });
      } else {
        const why = lastWords(lines) || (signal ? `killed by ${signal}` : `exit status ${code}`);
        resolvePromise({ error: `ffmpeg: ${why}`, refused: signal === null });
      }
    });
  });
}
