import { StreamingResampler } from './resample.js';

/**
 * Growing Float32 sample store. With a length hint it fills one preallocated array (peak memory
 * ≈ 1× the result); without one it keeps blocks and joins them at the end (peak ≈ 2×).
 */
export class SampleBuffer {
  private big: Float32Array | undefined;
  private bigLen = 0;
  private blocks: Float32Array[] = [];
  private total = 0;

  constructor(lengthHint?: number) {
    if (lengthHint !== undefined && lengthHint > 0 && Number.isFinite(lengthHint)) {
      // A little headroom: header durations are sometimes a few samples short.
      this.big = new Float32Array(Math.ceil(lengthHint * 1.002) + 4096);
    }
  }

  get length(): number {
    return this.total;
  }

  /** Appends a copy of `x`. */
  append(x: Float32Array): void {
    if (x.length === 0) return;
    if (this.big && this.blocks.length === 0 && this.bigLen + x.length <= this.big.length) {
      this.big.set(x, this.bigLen);
      this.bigLen += x.length;
    } else {
      if (this.big && this.blocks.length === 0) this.blocks.push(this.big.subarray(0, this.bigLen));
      this.blocks.push(x.slice());
    }
    this.total += x.length;
  }

  /** The samples appended, as one array. */
  finish(): Float32Array {
    if (this.blocks.length === 0) {
      if (!this.big) return new Float32Array(0);
      // Keep the preallocated array when little of it is unused; copy otherwise to free the rest.
      const r = this.big.length - this.bigLen < 65536 + this.bigLen / 100 ? this.big.subarray(0, this.bigLen) : this.big.slice(0, this.bigLen);
      this.big = undefined;
      return r;
    }
    const out = new Float32Array(this.total);
    let o = 0;
    for (const b of this.blocks) {
      out.set(b, o);
      o += b.length;
    }
    this.blocks = [];
    this.big = undefined;
    return out;
  }
}

/**
 * Receives decoded blocks (any channel count, any rate), averages channels to mono, resamples to
 * `targetRate` as it goes and stores the result, so only the target-rate mono signal accumulates.
 */
export class MonoSink {
  readonly targetRate: number;
  private resampler: StreamingResampler | undefined;
  private sourceRate = 0;
  private readonly out: SampleBuffer;
  /** Source frames received (per channel). */
  framesIn = 0;

  constructor(targetRate: number, lengthHint?: number) {
    this.targetRate = targetRate;
    this.out = new SampleBuffer(lengthHint);
  }

  /** Native sample rate of the source (0 before the first block). */
  get inputRate(): number {
    return this.sourceRate;
  }

  /** Adds one block of planar channels at `rate` Hz; returns an error text when the rate changes. */
  push(channels: readonly Float32Array[], frames: number, rate: number): string | undefined {
    if (frames <= 0 || channels.length === 0) return undefined;
    return this.pushMonoBlock(downmix(channels, frames), rate);
  }

  /** Adds one block of mono samples at `rate` Hz; returns an error text when the rate changes. */
  pushMonoBlock(mono: Float32Array, rate: number): string | undefined {
    if (mono.length === 0) return undefined;
    if (this.sourceRate === 0) {
      this.sourceRate = rate;
      if (rate !== this.targetRate) this.resampler = new StreamingResampler(rate, this.targetRate);
    } else if (rate !== this.sourceRate) {
      return `sample rate changes inside the stream (${this.sourceRate} Hz then ${rate} Hz)`;
    }
    this.framesIn += mono.length;
    this.out.append(this.resampler ? this.resampler.push(mono) : mono);
    return undefined;
  }

  /** Adds mono samples already at the target rate (the ffmpeg path). */
  pushMono(x: Float32Array): void {
    if (this.sourceRate === 0) this.sourceRate = this.targetRate;
    this.framesIn += x.length;
    this.out.append(x);
  }

  /** Flushes the resampler and returns all mono samples at the target rate. */
  finish(): Float32Array {
    if (this.resampler) this.out.append(this.resampler.flush());
    return this.out.finish();
  }
}

/** Mean of the channels (librosa's to_mono), as a new array of `frames` samples. */
export function downmix(channels: readonly Float32Array[], frames: number): Float32Array {
  const out = new Float32Array(frames);
  const n = channels.length;
  if (n === 1) {
    out.set(channels[0].subarray(0, frames));
    return out;
  }
  if (n === 2) {
    const a = channels[0];
    const b = channels[1];
    for (let i = 0; i < frames; i++) out[i] = (a[i] + b[i]) * 0.5;
    return out;
  }
  for (let i = 0; i < frames; i++) {
    let s = 0;
    for (let c = 0; c < n; c++) s += channels[c][i];
    out[i] = s / n;
  }
  return out;
}
