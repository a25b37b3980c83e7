/**
 * An MSB-first bit writer into a growing byte buffer, as FLAC frames need. Pending bits stay in a
 * small accumulator so every write is a few integer operations (no per-bit work).
 */
export class BitWriter {
  private buf: Uint8Array;
  private len = 0;
  private acc = 0;
  private nAcc = 0;

  constructor(initialBytes = 1 << 16) {
    this.buf = new Uint8Array(Math.max(16, initialBytes));
  }

  /** Number of whole bytes written so far (pending bits not counted). */
  get byteLength(): number {
    return this.len;
  }

  /** True when the writer sits on a byte boundary. */
  get aligned(): boolean {
    return this.nAcc === 0;
  }

  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** Writes the low `n` bits (0..48) of `value`, most significant first; negatives are two's complement. */
  writeBits(value: number, n: number): void {
    if (n > 24) {
      // Split so the accumulator (< 8 pending + 24 new bits) never exceeds 31 bits.
      const v = value < 0 ? value + 2 ** n : value;
      this.writeBits(Math.floor(v / 2 ** 24), n - 24);
      this.writeBits(v % 2 ** 24, 24);
      return;
    }
    if (n === 0) return;
    this.acc = (this.acc << n) | (value & ((1 << n) - 1));
    this.nAcc += n;
    if (this.nAcc >= 8) {
      this.ensure(4);
      while (this.nAcc >= 8) {
        this.nAcc -= 8;
        this.buf[this.len++] = (this.acc >>> this.nAcc) & 0xff;
      }
      this.acc &= (1 << this.nAcc) - 1;
    }
  }

  /** Writes `count` zero bits. */
  writeZeros(count: number): void {
    while (count > 24) {
      this.writeBits(0, 24);
      count -= 24;
    }
    this.writeBits(0, count);
  }

  /** Writes a Rice code: unary quotient `q` (zeros then a one) followed by `k` remainder bits. */
  writeRice(u: number, k: number): void {
    const q = u >>> k;
    if (q + 1 + k <= 24) {
      this.writeBits((1 << k) | (u & ((1 << k) - 1)), q + 1 + k);
      return;
    }
    this.writeZeros(q);
    this.writeBits(1, 1);
    this.writeBits(u & ((1 << k) - 1), k);
  }

  /**
   * Writes Rice codes with parameter `k` for the zig-zag-folded values of res[a..b) (FLAC residuals).
   * The hot loop keeps the accumulator in locals; codes longer than 24 bits take the general path.
   */
  writeRiceBlock(res: Int32Array, a: number, b: number, k: number): void {
    this.ensure((b - a) * 4 + 16);
    let buf = this.buf;
    let len = this.len;
    let acc = this.acc;
    let nAcc = this.nAcc;
    const mask = (1 << k) - 1;
    for (let i = a; i < b; i++) {
      const r = res[i]!;
      const u = r >= 0 ? 2 * r : -2 * r - 1;
      const q = u >>> k;
      const L = q + 1 + k;
      if (L <= 24) {
        acc = (acc << L) | (1 << k) | (u & mask);
        nAcc += L;
        while (nAcc >= 8) {
          nAcc -= 8;
          buf[len++] = (acc >>> nAcc) & 0xff;
        }
        acc &= (1 << nAcc) - 1;
      } else {
        this.len = len;
        this.acc = acc;
        this.nAcc = nAcc;
        this.writeRice(u, k);
        this.ensure((b - i) * 4 + 16);
        buf = this.buf;
        len = this.len;
        acc = this.acc;
        nAcc = this.nAcc;
      }
    }
    this.len = len;
    this.acc = acc;
    this.nAcc = nAcc;
  }

  /** Pads with zero bits up to the next byte boundary. */
  alignToByte(): void {
    if (this.nAcc > 0) this.writeBits(0, 8 - this.nAcc);
  }

  /** Appends whole bytes; the writer must be byte-aligned. */
  writeBytes(bytes: Uint8Array): void {
    if (this.nAcc !== 0) throw new Error('BitWriter.writeBytes: not byte-aligned');
    this.ensure(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  /** Drops everything after the first `byteLength` bytes (to re-write a frame); must be aligned. */
  truncate(byteLength: number): void {
    if (this.nAcc !== 0 || byteLength > this.len) throw new Error('BitWriter.truncate: not aligned or beyond the end');
    this.len = byteLength;
  }

  /** A view of bytes [start, end) already written. */
  view(start: number, end = this.len): Uint8Array {
    return this.buf.subarray(start, end);
  }

  /** A copy of everything written; the writer must be byte-aligned. */
  finish(): Uint8Array {
    if (this.nAcc !== 0) throw new Error('BitWriter.finish: not byte-aligned');
    return this.buf.slice(0, this.len);
  }
}
