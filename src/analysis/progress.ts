/** Formats seconds as m:ss or h:mm:ss. */
export function formatDuration(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return '--:--';
  const s = Math.round(sec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export interface ProgressOptions {
  /** Redraw a bar in place (terminal) instead of printing plain lines. Default: the stream's isTTY. */
  tty?: boolean;
  /** Plain mode: one line every this many tracks. Default: 10 % of the total, between 1 and 100. */
  every?: number;
  /** Bar width in characters. */
  width?: number;
  /** Clock in ms (tests). */
  now?: () => number;
}

/**
 * Progress of an analysis run on a stream: on a terminal a single-line bar (done/total,
 * tracks/s, ETA) redrawn in place at most 10 times a second; otherwise one plain line every N
 * tracks. `note` prints a line (an error, a debug timing) without garbling the bar.
 */
export class Progress {
  private readonly out: NodeJS.WritableStream;
  private readonly tty: boolean;
  private readonly every: number;
  private readonly width: number;
  private readonly now: () => number;
  private readonly start: number;
  private total: number;
  private done = 0;
  private lastDraw = 0;
  private lastLineAt = 0;
  private barShown = false;

  constructor(out: NodeJS.WritableStream, total: number, opts: ProgressOptions = {}) {
    this.out = out;
    this.total = total;
    this.tty = opts.tty ?? (out as { isTTY?: boolean }).isTTY === true;
    this.every = Math.max(1, Math.floor(opts.every ?? Math.min(100, Math.max(1, Math.ceil(total / 10)))));
    this.width = opts.width ?? 30;
    this.now = opts.now ?? (() => performance.now());
    this.start = this.now();
  }

  /** Tracks per second so far. */
  rate(): number {
    const sec = (this.now() - this.start) / 1000;
    return sec > 0 ? this.done / sec : 0;
  }

  /** The status text: `12/200 (6%)  3.1 tracks/s  ETA 1:01`. */
  status(): string {
    const pct = this.total > 0 ? Math.floor((100 * this.done) / this.total) : 100;
    const r = this.rate();
    const eta = r > 0 ? formatDuration((this.total - this.done) / r) : '--:--';
    return `${this.done}/${this.total} (${pct}%)  ${r.toFixed(1)} tracks/s  ETA ${eta}`;
  }

  /** Lowers the total (tracks found in the store after all, or skipped). */
  setTotal(total: number): void {
    this.total = total;
  }

  /** Counts `n` more tracks done and redraws or prints as due. */
  tick(n = 1): void {
    this.done += n;
    if (this.tty) {
      const t = this.now();
      if (t - this.lastDraw >= 100 || this.done >= this.total) this.draw();
    } else if (this.done - this.lastLineAt >= this.every || (this.done >= this.total && this.lastLineAt < this.done)) {
      this.lastLineAt = this.done;
      this.out.write(`analyse: ${this.status()}\n`);
    }
  }

  private draw(): void {
    this.lastDraw = this.now();
    const frac = this.total > 0 ? Math.min(1, this.done / this.total) : 1;
    const status = this.status();
    // A line wider than the terminal would wrap and break the in-place redraw: shrink the bar.
    const cols = (this.out as { columns?: number }).columns;
    const width = cols ? Math.min(this.width, cols - 1 - status.length - 3) : this.width;
    let line = status;
    if (width >= 5) {
      const full = Math.round(frac * width);
      line = `[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${status}`;
    } else if (cols) {
      line = status.slice(0, Math.max(1, cols - 1));
    }
    this.out.write(`\r${line}\x1b[K`);
    this.barShown = true;
  }

  /** Prints one line above the bar (or plainly). */
  note(line: string): void {
    if (this.tty && this.barShown) {
      this.out.write(`\r\x1b[K${line}\n`);
      this.draw();
    } else {
      this.out.write(`${line}\n`);
    }
  }

  /** Ends the bar line (terminal). */
  finish(): void {
    if (this.tty && this.barShown) {
      this.draw();
      this.out.write('\n');
      this.barShown = false;
    }
  }
}
