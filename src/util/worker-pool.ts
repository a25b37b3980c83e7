import { Worker } from 'node:worker_threads';

interface Pending<J, R> {
  job: J;
  transfer: ArrayBuffer[];
  timeoutMs: number;
  resolve(r: R): void;
  reject(e: Error): void;
}

/** How long an idle worker may take to leave when the pool closes before it is terminated (ms). */
const CLOSE_GRACE_MS = 5000;

/**
 * A small fixed-size pool of worker threads running one script; each worker handles one job at a
 * time, and must close its parentPort when it receives the job `null` (the pool is closing). A worker that crashes (uncaught error, out of memory, exit) or overruns its job's time
 * limit (it is then terminated) fails only its own job and is replaced on the next dispatch.
 */
export class WorkerPool<J, R> {
  readonly size: number;
  private readonly script: URL;
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Pending<J, R>>();
  private readonly kill = new Map<Worker, (err: Error) => void>();
  private readonly timers = new Map<Worker, NodeJS.Timeout>();
  private readonly queue: Pending<J, R>[] = [];
  private live = 0;
  private closed = false;
  private readonly retires?: (reply: R) => boolean;

  /**
   * `retires(reply)`: true when the worker that sent `reply` is leaving by itself (it closes its
   * port after replying, e.g. to give back memory); it gets no further job and is replaced.
   */
  constructor(script: URL, size: number, opts: { retires?: (reply: R) => boolean } = {}) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`worker pool size must be a positive integer, got ${size}`);
    this.script = script;
    this.size = size;
    this.retires = opts.retires;
  }

  /** Workers started so far, replacements included. */
  get spawned(): number {
    return this.spawnCount;
  }
  private spawnCount = 0;

  /** Number of jobs running or waiting. */
  get pending(): number {
    return this.busy.size + this.queue.length;
  }

  /**
   * Runs `job` on a free worker (queued while all are busy); resolves with the worker's reply.
   * With `timeoutMs` > 0 a job still running after that long (ms) is failed and its worker stopped.
   */
  run(job: J, transfer: ArrayBuffer[] = [], timeoutMs = 0): Promise<R> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ job, transfer, timeoutMs, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let w = this.idle.pop();
      if (!w) {
        if (this.live >= this.size) return;
        w = this.spawn();
      }
      const p = this.queue.shift()!;
      this.busy.set(w, p);
      if (p.timeoutMs > 0) {
        const worker = w;
        const t = setTimeout(() => {
          this.kill.get(worker)?.(new Error(`timed out after ${+(p.timeoutMs / 1000).toFixed(1)} s (worker stopped)`));
          void worker.terminate();
        }, p.timeoutMs);
        this.timers.set(w, t);
      }
      w.postMessage(p.job, p.transfer);
    }
  }

  private spawn(): Worker {
    const w = new Worker(this.script);
    this.live++;
    this.spawnCount++;
    let gone = false;
    const fail = (err: Error): void => {
      if (gone) return;
      gone = true;
      this.live--;
      this.kill.delete(w);
      this.stopTimer(w);
      const i = this.idle.indexOf(w);
      if (i >= 0) this.idle.splice(i, 1);
      const p = this.busy.get(w);
      this.busy.delete(w);
      p?.reject(err);
      if (!this.closed) this.pump();
    };
    this.kill.set(w, fail);
    w.on('message', (r: R) => {
      this.stopTimer(w);
      const p = this.busy.get(w);
      this.busy.delete(w);
      // A retiring worker is not reused; its exit (below) frees its place for a fresh one.
      if (!this.retires?.(r)) this.idle.push(w);
      p?.resolve(r);
      this.pump();
    });
    w.on('error', (err) => fail(new Error(`worker crashed: ${err.message}`)));
    w.on('exit', (code) => fail(new Error(`worker exited with code ${code}`)));
    return w;
  }

  private stopTimer(w: Worker): void {
    const t = this.timers.get(w);
    if (t) clearTimeout(t);
    this.timers.delete(w);
  }

  /**
   * Stops every worker; jobs still queued or running are rejected. An idle worker is asked to
   * leave (the job `null`: the script closes its port and the thread ends by itself) rather than
   * terminated: terminating a thread while V8 still runs background work for it (a WebAssembly
   * module tiering up, say) once aborted the whole process in `NodePlatform::ForIsolate`. A busy
   * worker, or one that has not left after CLOSE_GRACE_MS, is terminated.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('worker pool closed'));
    const busy = [...this.busy.keys()];
    const idle = this.idle.splice(0);
    for (const w of [...busy, ...idle]) this.stopTimer(w);
    const leave = (w: Worker): Promise<void> =>
      new Promise<void>((resolve) => {
        const t = setTimeout(() => void w.terminate().then(() => resolve()), CLOSE_GRACE_MS);
        w.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        w.postMessage(null);
      });
    await Promise.all([...busy.map((w) => w.terminate().then(() => {})), ...idle.map(leave)]);
  }
}
