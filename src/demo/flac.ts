import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import { BitWriter } from './bit-writer.js';

/** Options of the small FLAC encoder (RFC 9639 subset: fixed predictors, Rice-coded residuals). */
export interface FlacEncodeOptions {
  /** Samples per channel in each frame (default 4096, FLAC's usual choice at 44.1 kHz). */
  blockSize?: number;
  /** Highest Rice partition order tried (default 6). */
  maxPartitionOrder?: number;
  /** Vorbis comment fields written as KEY=value, in order (e.g. TITLE, ARTIST, ALBUM, GENRE). */
  tags?: [string, string][];
  /** Vendor string of the VORBIS_COMMENT block. */
  vendor?: string;
}

const CRC8 = (() => {
  const t = new Uint8Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let b = 0; b < 8; b++) c = c & 0x80 ? ((c << 1) ^ 0x07) & 0xff : (c << 1) & 0xff;
    t[i] = c;
  }
  return t;
})();

const CRC16 = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 8;
    for (let b = 0; b < 8; b++) c = c & 0x8000 ? ((c << 1) ^ 0x8005) & 0xffff : (c << 1) & 0xffff;
    t[i] = c;
  }
  return t;
})();

function crc8(bytes: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < bytes.length; i++) c = CRC8[c ^ bytes[i]!]!;
  return c;
}

function crc16(bytes: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < bytes.length; i++) c = ((c << 8) & 0xffff) ^ CRC16[(c >>> 8) ^ bytes[i]!]!;
  return c;
}

const RATE_CODES: Record<number, number> = {
  88200: 1, 176400: 2, 192000: 3, 8000: 4, 16000: 5, 22050: 6, 24000: 7, 32000: 8, 44100: 9, 48000: 10, 96000: 11,
};
const SIZE_CODES: Record<number, number> = { 8: 1, 12: 2, 16: 4, 20: 5, 24: 6 };

/** FLAC's UTF-8-like coding of the frame number (1–6 bytes for 31 bits). */
function writeCodedNumber(w: BitWriter, v: number): void {
  if (v < 0x80) {
    w.writeBits(v, 8);
    return;
  }
  let extra = 1;
  while (v >= 2 ** (6 + 5 * extra) && extra < 5) extra++;
  // Lead byte: (extra+1) ones, a zero, then the top payload bits.
  const lead = (0xff << (7 - extra)) & 0xff;
  w.writeBits(lead | Math.floor(v / 2 ** (6 * extra)), 8);
  for (let i = extra - 1; i >= 0; i--) w.writeBits(0x80 | (Math.floor(v / 2 ** (6 * i)) & 0x3f), 8);
}

/** Scratch arrays reused across frames so the encoder does no per-sample allocation. */
interface Scratch {
  res: Int32Array;
  sums: Float64Array; // Rice partition sums
  chan: Int32Array[]; // L, R, mid, side of the current block
}

/** Sum of |residual| of every fixed predictor order 0..4 over x[4..n) (orders compared on equal footing). */
function fixedOrderCosts(x: Int32Array, n: number, out: Float64Array): void {
  out.fill(0);
  if (n <= 4) {
    for (let i = 0; i < n; i++) out[0]! += Math.abs(x[i]!);
    out[1] = out[2] = out[3] = out[4] = Number.POSITIVE_INFINITY;
    return;
  }
  let e0 = 0;
  let e1 = 0;
  let e2 = 0;
  let e3 = 0;
  let e4 = 0;
  let p1 = x[3]! - x[2]!;
  let p2 = p1 - (x[2]! - x[1]!);
  let p3 = p2 - (x[2]! - x[1]! - (x[1]! - x[0]!));
  for (let i = 4; i < n; i++) {
    const r0 = x[i]!;
    const r1 = r0 - x[i - 1]!;
    const r2 = r1 - p1;
    const r3 = r2 - p2;
    const r4 = r3 - p3;
    e0 += Math.abs(r0);
    e1 += Math.abs(r1);
    e2 += Math.abs(r2);
    e3 += Math.abs(r3);
    e4 += Math.abs(r4);
    p1 = r1;
    p2 = r2;
    p3 = r3;
  }
  out[0] = e0;
  out[1] = e1;
  out[2] = e2;
  out[3] = e3;
  out[4] = e4;
}

/** Residual of fixed predictor `order` for samples order..n-1 into res[0..n-order). */
function fixedResidual(x: Int32Array, n: number, order: number, res: Int32Array): void {
  if (order === 0) for (let i = 0; i < n; i++) res[i] = x[i]!;
  else if (order === 1) for (let i = 1; i < n; i++) res[i - 1] = x[i]! - x[i - 1]!;
  else if (order === 2) for (let i = 2; i < n; i++) res[i - 2] = x[i]! - 2 * x[i - 1]! + x[i - 2]!;
  else if (order === 3) for (let i = 3; i < n; i++) res[i - 3] = x[i]! - 3 * x[i - 1]! + 3 * x[i - 2]! - x[i - 3]!;
  else for (let i = 4; i < n; i++) res[i - 4] = x[i]! - 4 * x[i - 1]! + 6 * x[i - 2]! - 4 * x[i - 3]! + x[i - 4]!;
}

const fold = (r: number): number => (r >= 0 ? 2 * r : -2 * r - 1);

/**
 * Estimated bit count for `cnt` folded residuals summing to `sum` (best parameter left in `estK`). The estimate
 * Σ⌊u/2^k⌋ ≈ sum/2^k − cnt·(1 − 2^−k)/2 only steers the choice; the bits written are always exact codes.
 */
let estK = 0;
const POW2 = Float64Array.from({ length: 32 }, (_, k) => 2 ** k);
function riceEstimate(sum: number, cnt: number): number {
  if (cnt <= 0) {
    estK = 0;
    return 0;
  }
  // k0 = the largest k with 2^(k+1) <= mean (0 when mean < 2), capped at 30.
  const m = Math.floor(sum / cnt);
  const k0 = m >= 2 ** 31 ? 30 : m < 2 ? 0 : 30 - Math.clz32(m);
  let bestBits = Number.POSITIVE_INFINITY;
  const kEnd = k0 < 30 ? k0 + 1 : 30;
  for (let k = k0 > 0 ? k0 - 1 : 0; k <= kEnd; k++) {
    const p = POW2[k]!;
    const est = sum / p - (cnt * (1 - 1 / p)) / 2;
    const bits = cnt * (k + 1) + Math.max(est, 0);
    if (bits < bestBits) {
      bestBits = bits;
      estK = k;
    }
  }
  return bestBits;
}

interface ResidualPlan {
  order: number; // partition order
  ks: number[];
  bits: number;
  paramBits: 4 | 5;
}

/**
 * Chooses the partition order and per-partition Rice parameters: partition sums are computed once at
 * the finest order and merged pairwise for each coarser one, so the search costs one pass over the data.
 */
function planResidual(res: Int32Array, n: number, predOrder: number, maxPO: number, sums: Float64Array): ResidualPlan {
  let top = 0;
  while (top < maxPO && n % (1 << (top + 1)) === 0 && n >> (top + 1) > predOrder) top++;
  const per = n >> top;
  for (let p = 0; p < 1 << top; p++) {
    const a = p === 0 ? 0 : p * per - predOrder;
    const b = (p + 1) * per - predOrder;
    let sum = 0;
    for (let i = a; i < b; i++) sum += fold(res[i]!);
    sums[p] = sum;
  }
  let best: ResidualPlan | undefined;
  for (let po = top; po >= 0; po--) {
    const parts = 1 << po;
    const perPo = n >> po;
    const ks: number[] = [];
    let bits = 0;
    let maxK = 0;
    for (let p = 0; p < parts; p++) {
      bits += riceEstimate(sums[p]!, perPo - (p === 0 ? predOrder : 0));
      ks.push(estK);
      if (estK > maxK) maxK = estK;
    }
    const paramBits: 4 | 5 = maxK > 14 ? 5 : 4;
    bits += parts * paramBits;
    if (!best || bits < best.bits) best = { order: po, ks, bits, paramBits };
    for (let p = 0; p < parts >> 1; p++) sums[p] = sums[2 * p]! + sums[2 * p + 1]!;
  }
  return best!;
}

/**
 * Encodes one channel of one block as the cheapest of constant, fixed(0..4) and verbatim; `costs`
 * holds the channel's fixedOrderCosts, already computed by the caller.
 */
function writeSubframe(w: BitWriter, x: Int32Array, n: number, bps: number, maxPO: number, s: Scratch, costs: Float64Array): void {
  let constant = true;
  for (let i = 1; i < n && constant; i++) if (x[i] !== x[0]) constant = false;
  if (constant) {
    w.writeBits(0, 8); // pad bit, type 000000 (constant), no wasted bits
    w.writeBits(x[0]!, bps);
    return;
  }
  let order = 0;
  for (let o = 1; o <= 4; o++) if (o < n && costs[o]! < costs[order]!) order = o;
  fixedResidual(x, n, order, s.res);
  const plan = planResidual(s.res, n, order, maxPO, s.sums);
  const fixedBits = order * bps + 2 + 4 + plan.bits;
  if (fixedBits >= n * bps) {
    w.writeBits(0b00000010, 8); // verbatim
    for (let i = 0; i < n; i++) w.writeBits(x[i]!, bps);
    return;
  }
  w.writeBits((0b001000 | order) << 1, 8);
  for (let i = 0; i < order; i++) w.writeBits(x[i]!, bps);
  w.writeBits(plan.paramBits === 4 ? 0 : 1, 2);
  w.writeBits(plan.order, 4);
  const parts = 1 << plan.order;
  const per = n / parts;
  for (let p = 0; p < parts; p++) {
    const k = plan.ks[p]!;
    w.writeBits(k, plan.paramBits);
    const a = p === 0 ? 0 : p * per - order;
    const b = (p + 1) * per - order;
    w.writeRiceBlock(s.res, a, b, k);
  }
}

/** Fills `costs` with the channel's fixedOrderCosts and returns the smallest (its estimated size). */
function channelCost(x: Int32Array, n: number, costs: Float64Array): number {
  fixedOrderCosts(x, n, costs);
  return Math.min(costs[0]!, costs[1]!, costs[2]!, costs[3]!, costs[4]!);
}

/** MD5 of the interleaved little-endian signed samples, as FLAC's STREAMINFO stores it. */
export function pcmMd5(channels: Int32Array[], bitsPerSample: number): Uint8Array {
  const nCh = channels.length;
  const n = channels[0]!.length;
  const bytesPer = Math.ceil(bitsPerSample / 8);
  const hash = createHash('md5');
  const chunkFrames = 16384;
  const buf = Buffer.alloc(chunkFrames * nCh * bytesPer);
  if (bytesPer === 2 && endianness() === 'LE') {
    // Fast path: an Int16Array over the buffer already lays samples out little-endian.
    const i16 = new Int16Array(buf.buffer, buf.byteOffset, chunkFrames * nCh);
    for (let start = 0; start < n; start += chunkFrames) {
      const end = Math.min(n, start + chunkFrames);
      let o = 0;
      for (let i = start; i < end; i++) for (let c = 0; c < nCh; c++) i16[o++] = channels[c]![i]!;
      hash.update(buf.subarray(0, 2 * o));
    }
    return new Uint8Array(hash.digest());
  }
  for (let start = 0; start < n; start += chunkFrames) {
    const end = Math.min(n, start + chunkFrames);
    let o = 0;
    for (let i = start; i < end; i++) {
      for (let c = 0; c < nCh; c++) {
        const v = channels[c]![i]!;
        for (let b = 0; b < bytesPer; b++) buf[o++] = (v >> (8 * b)) & 0xff;
      }
    }
    hash.update(buf.subarray(0, o));
  }
  return new Uint8Array(hash.digest());
}

function metadataBlockHeader(last: boolean, type: number, length: number): Uint8Array {
  return new Uint8Array([(last ? 0x80 : 0) | type, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff]);
}

function vorbisCommentBlock(vendor: string, tags: [string, string][]): Uint8Array {
  const parts: Buffer[] = [];
  const u32 = (v: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    return b;
  };
  const vb = Buffer.from(vendor, 'utf8');
  parts.push(u32(vb.length), vb, u32(tags.length));
  for (const [k, v] of tags) {
    const e = Buffer.from(`${k}=${v}`, 'utf8');
    parts.push(u32(e.length), e);
  }
  return new Uint8Array(Buffer.concat(parts));
}

/** Departures from the encoder's best choices, used only to re-shape the final frame. */
interface FrameVariant {
  stereo?: number; // forced channel assignment code (1, 8, 9, 10)
  maxPO?: number; // forced highest Rice partition order
  header?: 'explicitRate' | 'streaminfoRate' | 'streaminfoSize';
}

/** Variants tried in order: payload changes first, then equivalent header spellings. */
const FINAL_FRAME_VARIANTS: FrameVariant[] = (() => {
  const out: FrameVariant[] = [];
  for (const header of [undefined, 'explicitRate', 'streaminfoRate', 'streaminfoSize'] as const) {
    for (const stereo of [undefined, 1, 8, 9, 10]) {
      for (const maxPO of [undefined, 0, 1, 2]) out.push({ header, stereo, maxPO });
    }
  }
  return out.slice(1);
})();

/**
 * Whether the final frame ends in a way that codec-parser (used by @wasm-audio-decoders/flac) still
 * emits: that parser finds a frame's end by validating the next header, and at end of stream it loses
 * the last frame when the frame is shorter than 14 bytes, when its third-last byte is 0xFF, or when a
 * sync-like pair (FF F8/F9) sits in its last 15 bytes. Other decoders read every spelling alike.
 */
function tailIsSafe(frame: Uint8Array): boolean {
  const len = frame.length;
  if (len < 14) return false;
  if (frame[len - 3] === 0xff) return false;
  for (let p = Math.max(1, len - 16); p < len - 1; p++) {
    if (frame[p] === 0xff && (frame[p + 1] === 0xf8 || frame[p + 1] === 0xf9)) return false;
  }
  return true;
}

/**
 * Encodes integer PCM (one Int32Array per channel, values in the signed `bitsPerSample` range) as a
 * complete FLAC file: STREAMINFO (with MD5 and sample count), VORBIS_COMMENT, then fixed-blocksize
 * frames whose stereo decorrelation (L/R, L/S, S/R, M/S) is chosen per frame.
 */
export function encodeFlac(
  channels: Int32Array[],
  sampleRate: number,
  bitsPerSample: number,
  opts: FlacEncodeOptions = {},
): Uint8Array {
  const nCh = channels.length;
  if (nCh < 1 || nCh > 8) throw new Error(`encodeFlac: ${nCh} channels (1..8 supported)`);
  if (!(bitsPerSample >= 8 && bitsPerSample <= 24 && bitsPerSample % 4 === 0)) {
    throw new Error(`encodeFlac: ${bitsPerSample} bits per sample (8, 12, 16, 20 or 24 supported)`);
  }
  if (!(sampleRate > 0 && sampleRate < 2 ** 20)) throw new Error(`encodeFlac: sample rate ${sampleRate}`);
  const total = channels[0]!.length;
  for (const c of channels) if (c.length !== total) throw new Error('encodeFlac: channels differ in length');
  const blockSize = opts.blockSize ?? 4096;
  if (!(blockSize >= 16 && blockSize <= 65535)) throw new Error(`encodeFlac: block size ${blockSize}`);
  const maxPO = opts.maxPartitionOrder ?? 6;
  const lo = -(2 ** (bitsPerSample - 1));
  const hi = 2 ** (bitsPerSample - 1) - 1;
  for (const c of channels) {
    for (let i = 0; i < total; i++) {
      const v = c[i]!;
      if (v < lo || v > hi) throw new Error(`encodeFlac: sample ${v} outside ${bitsPerSample}-bit range`);
    }
  }

  const w = new BitWriter(total * nCh * (bitsPerSample / 8) * 0.7 + 1024);
  w.writeBytes(new Uint8Array([0x66, 0x4c, 0x61, 0x43])); // "fLaC"
  const streamInfoAt = w.byteLength;
  w.writeBytes(metadataBlockHeader(false, 0, 34));
  w.writeBytes(new Uint8Array(34)); // filled in once frame sizes are known
  const vc = vorbisCommentBlock(opts.vendor ?? 'mir-cluster-playlist demo encoder', opts.tags ?? []);
  w.writeBytes(metadataBlockHeader(true, 4, vc.length));
  w.writeBytes(vc);

  const s: Scratch = {
    res: new Int32Array(blockSize),
    sums: new Float64Array(1 << maxPO),
    chan: [new Int32Array(blockSize), new Int32Array(blockSize), new Int32Array(blockSize), new Int32Array(blockSize)],
  };
  const costs = Array.from({ length: Math.max(4, nCh) }, () => new Float64Array(5)); // per channel (stereo: L, R, M, S)
  let minFrame = Number.POSITIVE_INFINITY;
  let maxFrame = 0;
  const defaultRateCode = RATE_CODES[sampleRate] ?? (sampleRate <= 65535 ? 13 : 0);
  const sizeCode = SIZE_CODES[bitsPerSample]!;

  /** Writes one frame; `v` departs from the best choices only to re-shape the final frame. */
  const writeFrame = (frameNo: number, start: number, n: number, v: FrameVariant): void => {
    const frameStart = w.byteLength;
    let assignment = nCh - 1; // independent channels
    let subframes: { x: Int32Array; bps: number; costs: Float64Array }[];
    if (nCh === 2) {
      const [L, R, M, S] = s.chan as [Int32Array, Int32Array, Int32Array, Int32Array];
      const [kL, kR, kM, kS] = costs as [Float64Array, Float64Array, Float64Array, Float64Array];
      const a = channels[0]!;
      const b = channels[1]!;
      for (let i = 0; i < n; i++) {
        const l = a[start + i]!;
        const r = b[start + i]!;
        L[i] = l;
        R[i] = r;
        M[i] = (l + r) >> 1;
        S[i] = l - r;
      }
      const cl = channelCost(L, n, kL);
      const cr = channelCost(R, n, kR);
      const cm = channelCost(M, n, kM);
      const cs = channelCost(S, n, kS);
      const sub = (x: Int32Array, k: Float64Array, side: boolean) => ({ x, costs: k, bps: bitsPerSample + (side ? 1 : 0) });
      // Stereo decorrelation: the pair with the smallest estimated residual (unless the variant forces one).
      const options = [
        { cost: cl + cr, code: 1, subs: [sub(L, kL, false), sub(R, kR, false)] },
        { cost: cl + cs, code: 8, subs: [sub(L, kL, false), sub(S, kS, true)] },
        { cost: cs + cr, code: 9, subs: [sub(S, kS, true), sub(R, kR, false)] },
        { cost: cm + cs, code: 10, subs: [sub(M, kM, false), sub(S, kS, true)] },
      ];
      let best = options[0]!;
      for (const o of options) if (v.stereo === undefined ? o.cost < best.cost : o.code === v.stereo) best = o;
      assignment = best.code;
      subframes = best.subs;
    } else {
      subframes = channels.map((c, i) => {
        const x = c.subarray(start, start + n);
        const k = costs[i]!;
        fixedOrderCosts(x, n, k);
        return { x, costs: k, bps: bitsPerSample };
      });
    }

    let bsCode: number;
    if (n === 4096) bsCode = 12;
    else if (n === 1152) bsCode = 3;
    else if (n === 4608) bsCode = 5;
    else bsCode = n <= 256 ? 6 : 7;
    let rateCode = defaultRateCode;
    if (v.header === 'explicitRate' && sampleRate <= 65535) rateCode = 13;
    if (v.header === 'streaminfoRate') rateCode = 0;
    w.writeBits(0xfff8, 16); // sync code, reserved 0, fixed-blocksize stream
    w.writeBits(bsCode, 4);
    w.writeBits(rateCode, 4);
    w.writeBits(assignment, 4);
    w.writeBits(v.header === 'streaminfoSize' ? 0 : sizeCode, 3);
    w.writeBits(0, 1);
    writeCodedNumber(w, frameNo);
    if (bsCode === 6) w.writeBits(n - 1, 8);
    else if (bsCode === 7) w.writeBits(n - 1, 16);
    if (rateCode === 13) w.writeBits(sampleRate, 16);
    w.writeBits(crc8(w.view(frameStart)), 8);

    for (const sf of subframes) writeSubframe(w, sf.x, n, sf.bps, v.maxPO ?? maxPO, s, sf.costs);
    w.alignToByte();
    w.writeBits(crc16(w.view(frameStart)), 16);
  };

  let frameNo = 0;
  for (let start = 0; start < total; start += blockSize, frameNo++) {
    const n = Math.min(blockSize, total - start);
    const frameStart = w.byteLength;
    writeFrame(frameNo, start, n, {});
    if (start + n >= total) {
      // The final frame: re-shape it until its tail is one that every parser finds (see tailIsSafe).
      for (const v of FINAL_FRAME_VARIANTS) {
        if (tailIsSafe(w.view(frameStart))) break;
        w.truncate(frameStart);
        writeFrame(frameNo, start, n, v);
      }
    }
    const size = w.byteLength - frameStart;
    if (size < minFrame) minFrame = size;
    if (size > maxFrame) maxFrame = size;
  }

  const out = w.finish();
  // STREAMINFO body.
  const si = new BitWriter(64);
  const bsField = total < blockSize ? Math.max(16, total) : blockSize;
  si.writeBits(bsField, 16);
  si.writeBits(bsField, 16);
  si.writeBits(Number.isFinite(minFrame) ? minFrame : 0, 24);
  si.writeBits(maxFrame, 24);
  si.writeBits(sampleRate, 20);
  si.writeBits(nCh - 1, 3);
  si.writeBits(bitsPerSample - 1, 5);
  si.writeBits(total, 36);
  si.writeBytes(pcmMd5(channels, bitsPerSample));
  out.set(si.finish(), streamInfoAt + 4);
  return out;
}
