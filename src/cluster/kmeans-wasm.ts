import type { Backend, LloydBuffers } from './kmeans-backend.js';
import { ensureMemory, instantiateWasm, layoutBuffers } from '../util/wasm.js';
import { KMEANS_WASM_BASE64 } from './kmeans-wasm-bytes.js';

interface KmeansExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  interleave(centers: number, k: number, d: number, pairs: number): void;
  scanAll(data: number, n: number, d: number, pairs: number, k: number, labels: number, upper: number, lower: number): void;
  hamerlyPass(
    data: number,
    n: number,
    d: number,
    centers: number,
    pairs: number,
    k: number,
    labels: number,
    upper: number,
    lower: number,
    half: number,
    moved: number,
    maxMove: number,
    secondMove: number,
    maxMoveC: number,
  ): number;
  clusterSums(data: number, n: number, d: number, labels: number, k: number, sums: number, counts: number): void;
  assignAll(data: number, n: number, d: number, pairs: number, k: number, labels: number, dist: number): number;
  candidatePotentials(data: number, n: number, d: number, id0: number, id1: number, pair: number, closest: number, out0: number, out1: number, pots: number): void;
}

let instance: KmeansExports | null | undefined;

/** The module, instantiated once per thread; null when this runtime lacks WASM SIMD or MIR_KMEANS=js. */
function kernels(): KmeansExports | null {
  if (instance === undefined) instance = instantiateWasm<KmeansExports>(KMEANS_WASM_BASE64, 'MIR_KMEANS');
  return instance;
}

/**
 * The k-means backend on the SIMD kernels of wasm/kmeans.ts, with every buffer of one k-means call
 * (n rows × d columns, k centres) laid out in the module's memory; null when WASM is unavailable
 * or the memory cannot grow that far. k-means runs synchronously, so the one memory per thread
 * serves each call in turn; growing it for a later call detaches only finished calls' views.
 */
export function wasmBackend(n: number, d: number, k: number): Backend | null {
  const m = kernels();
  if (!m) return null;
  const pairsLen = ((k + 1) >> 1) * 2 * d;
  const f64Lengths = [n * d, n, n, n, n, 2 * d, 2, k * d, k * d, pairsLen, n, n, n, k, k, k];
  // the float64 buffers, then the int32 labels
  const { offsets, end } = layoutBuffers(m.heapBase(), [...f64Lengths.map((len) => len * 8), n * 4]);
  const labelsAt = offsets[f64Lengths.length]!;
  if (!ensureMemory(m.memory, end)) return null;
  const buf = m.memory.buffer;
  const v = f64Lengths.map((len, i) => new Float64Array(buf, offsets[i]!, len));
  const [data, closest, best, candA, candB, cpair, pots, centers, next, pairs, upper, lower, dist, half, moved, counts] = v as [
    Float64Array,
    ...Float64Array[],
  ];
  const labels = new Int32Array(buf, labelsAt, n);
  const lloyd: LloydBuffers = { centers: centers!, next: next!, labels, upper: upper!, lower: lower!, dist: dist!, half: half!, moved: moved!, counts: counts! };
  const at = (a: Float64Array | Int32Array): number => a.byteOffset;
  return {
    data,
    candidates(id0, id1, cl, out0, out1) {
      m.candidatePotentials(at(data), n, d, id0, id1, at(cpair!), at(cl), at(out0), at(out1), at(pots!));
      return [pots![0]!, pots![1]!];
    },
    rowBuffers: () => [closest!, best!, candA!, candB!],
    lloydBuffers: () => lloyd,
    scanAll(b, c, kk) {
      m.interleave(at(c), kk, d, at(pairs!));
      m.scanAll(at(data), n, d, at(pairs!), kk, at(b.labels), at(b.upper), at(b.lower));
    },
    hamerly(b, c, kk, maxMove, secondMove, maxMoveC) {
      m.interleave(at(c), kk, d, at(pairs!));
      return m.hamerlyPass(at(data), n, d, at(c), at(pairs!), kk, at(b.labels), at(b.upper), at(b.lower), at(b.half), at(b.moved), maxMove, secondMove, maxMoveC);
    },
    sums(b, kk, out) {
      m.clusterSums(at(data), n, d, at(b.labels), kk, at(out), at(b.counts));
    },
    assign(b, c, kk) {
      m.interleave(at(c), kk, d, at(pairs!));
      return m.assignAll(at(data), n, d, at(pairs!), kk, at(b.labels), at(b.dist));
    },
  };
}
