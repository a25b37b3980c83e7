/**
 * A real matrix over frames, frame-major: row k (frequency bin, mel band, chroma…) of frame t is
 * `data[t * nBins + k]`, so each frame is one contiguous block (one FFT output).
 */
export interface Spectrogram {
  readonly nBins: number;
  readonly nFrames: number;
  readonly data: Float32Array;
}

/** A complex STFT, frame-major like `Spectrogram`, real and imaginary parts in separate arrays. */
export interface ComplexSpectrogram {
  readonly nBins: number;
  readonly nFrames: number;
  readonly re: Float32Array;
  readonly im: Float32Array;
}

/** STFT parameters; defaults mirror librosa 0.11 (n_fft 2048, hop 512, periodic Hann, center with zero padding). */
export interface StftOptions {
  nFft?: number;
  hopLength?: number;
  center?: boolean;
}

/** A bad argument to a DSP primitive (wrong shape, out-of-range parameter). */
export class DspError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DspError';
  }
}
