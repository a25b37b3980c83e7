// AssemblyScript source of the filterbank products of the blog set (mel and chroma from the power
// spectrogram), float32 with f32x4 SIMD like librosa's float32 einsum; wasm/build.sh compiles it
// into src/dsp/spectral-wasm-bytes.ts. All pointers are placed by the caller after heapBase().

/** First byte the caller may use. */
export function heapBase(): usize {
  return (__heap_base + 63) & ~63;
}

@inline function dot(a: usize, b: usize, n: i32): f32 {
  let acc = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o: usize = <usize>i << 2;
    acc = f32x4.add(acc, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  let s = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  for (; i < n; i++) s += load<f32>(a + (<usize>i << 2)) * load<f32>(b + (<usize>i << 2));
  return s;
}

/**
 * For each of nFrames frames of the power spectrogram P (f32, nBins per frame): mel[t][m] = Σ
 * weights of band m (bins melStart[m] .. melStart[m] + melLen[m], weights concatenated at melW,
 * each band's weights starting at melOff[m]) and chroma[t][c] = Σ_k fb[c][k]·P[t][k] (fb rows of
 * nBins values). Outputs are f32, frame-major. With `square`, P holds magnitudes and each row is
 * squared (f32) into `scratch` first.
 */
export function melChroma(
  P: usize,
  nBins: i32,
  nFrames: i32,
  melStart: usize,
  melLen: usize,
  melOff: usize,
  melW: usize,
  nMels: i32,
  melOut: usize,
  fb: usize,
  nChroma: i32,
  chromaOut: usize,
  square: i32,
  scratch: usize,
): void {
  for (let t = 0; t < nFrames; t++) {
    let row = P + (<usize>(t * nBins) << 2);
    if (square) {
      // power from magnitude, f32 like numpy's S**2 on float32
      let k = 0;
      for (; k + 4 <= nBins; k += 4) {
        const o: usize = <usize>k << 2;
        const v = v128.load(row + o);
        v128.store(scratch + o, f32x4.mul(v, v));
      }
      for (; k < nBins; k++) {
        const v = load<f32>(row + (<usize>k << 2));
        store<f32>(scratch + (<usize>k << 2), v * v);
      }
      row = scratch;
    }
    const mo = melOut + (<usize>(t * nMels) << 2);
    for (let m = 0; m < nMels; m++) {
      const st = load<i32>(melStart + (<usize>m << 2));
      const ln = load<i32>(melLen + (<usize>m << 2));
      const wo = load<i32>(melOff + (<usize>m << 2));
      store<f32>(mo + (<usize>m << 2), dot(melW + (<usize>wo << 2), row + (<usize>st << 2), ln));
    }
    const co = chromaOut + (<usize>(t * nChroma) << 2);
    for (let c = 0; c < nChroma; c++) {
      store<f32>(co + (<usize>c << 2), dot(fb + (<usize>(c * nBins) << 2), row, nBins));
    }
  }
}
