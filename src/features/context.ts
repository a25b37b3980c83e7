import * as D from '../dsp/index.js';

/**
 * Everything a track's descriptors share, computed lazily and at most once: one STFT per track
 * (magnitude, float32), its power, the mel spectrogram, its dB version, the centroid and bandwidth, the onset
 * envelope and the HPSS split.
 */
export class TrackContext {
  readonly y: Float32Array;
  readonly sr: number;
  private cache = new Map<string, unknown>();
  private release: (() => void) | undefined;

  constructor(y: Float32Array, sr: number) {
    this.y = y;
    this.sr = sr;
  }

  private memo<T>(key: string, make: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, make());
    return this.cache.get(key) as T;
  }

  /** The magnitude spectrogram; it may live in the STFT kernel's memory until `dispose()`. */
  get magnitude(): D.Spectrogram {
    return this.memo('S', () => {
      const lease = D.stftMagnitudeLeased(this.y);
      this.release = lease.release;
      return lease.S;
    });
  }

  /**
   * Hands the STFT kernel's memory back for the next track and forgets every computed value; the
   * spectrogram obtained from `magnitude` must not be used afterwards (the context itself can be,
   * and computes again).
   */
  dispose(): void {
    this.cache.clear();
    const r = this.release;
    this.release = undefined;
    r?.();
  }
  get power(): D.Spectrogram {
    return this.memo('P', () => D.powerOf(this.magnitude, 2));
  }
  get mel(): D.Spectrogram {
    return this.memo('mel', () => D.melSpectrogramFromMagnitude(this.magnitude, { sr: this.sr }));
  }
  get melDb(): D.Spectrogram {
    return this.memo('melDb', () => ({ ...this.mel, data: D.powerToDb(this.mel.data) }));
  }
  get centroid(): Float64Array {
    return this.memo('centroidBandwidth', () => D.spectralCentroidBandwidth(this.magnitude, this.sr)).centroid;
  }
  /** Spectral bandwidth (p = 2, Hz per frame), computed in the centroid's pass over the frames. */
  get bandwidth(): Float64Array {
    return this.memo('centroidBandwidth', () => D.spectralCentroidBandwidth(this.magnitude, this.sr)).bandwidth;
  }
  /** Roll-off frequencies (Hz per frame) at 0.1, 0.85 and 0.9, computed together on first use. */
  rolloff(percent: 0.1 | 0.85 | 0.9): Float64Array {
    const all = this.memo('rolloff', () => D.spectralRolloffMulti(this.magnitude, this.sr, [0.1, 0.85, 0.9]));
    return all[percent === 0.1 ? 0 : percent === 0.85 ? 1 : 2]!;
  }
  get onset(): Float32Array {
    return this.memo('onset', () => D.onsetStrength(this.melDb));
  }
  get hpssRms(): { harmonic: Float64Array; percussive: Float64Array } {
    return this.memo('hpssRms', () => D.hpssRms(this.magnitude));
  }
}
