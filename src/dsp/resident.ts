/**
 * Spectrograms that live in a WebAssembly kernel instance's memory (a TrackContext's magnitude
 * spectrogram, written there by the STFT kernel): the filterbank, piptrack and contrast kernels
 * read them in place instead of copying them in chunk by chunk. The registry only says where an
 * array lives; the array stays an ordinary Float32Array view for JavaScript code.
 */

/** Where a resident array lives: the instance's exports (memory included) and the first byte kernels may use as scratch. */
export interface ResidentHome {
  /** The instance's exports; the STFT module also carries the spectral kernels. */
  readonly exports: { memory: WebAssembly.Memory };
  /** First byte after the resident array (scratch for kernels, up to the memory's current size). */
  readonly free: number;
}

const homes = new WeakMap<Float32Array, ResidentHome>();

/** Records that `data` is a view of `home.exports.memory` (until `forgetResident`). */
export function markResident(data: Float32Array, home: ResidentHome): void {
  homes.set(data, home);
}

/** Ends the record of `data` (its memory is about to be reused). */
export function forgetResident(data: Float32Array): void {
  homes.delete(data);
}

/** The home of `data` when it is a live view of a kernel instance's memory, else undefined. */
export function residentHome(data: Float32Array): ResidentHome | undefined {
  const h = homes.get(data);
  // a grown memory detaches the old buffer: then the view is no longer the data's home
  return h && data.buffer === h.exports.memory.buffer ? h : undefined;
}
