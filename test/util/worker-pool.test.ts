import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers.js';
import { WorkerPool } from '../../src/util/worker-pool.js';

interface ToyJob {
  op: 'square' | 'throw' | 'exit' | 'hang' | 'retire';
  x: number;
  delayMs?: number;
}
interface ToyResult {
  x: number;
  y: Float64Array;
  thread: number;
  retire?: boolean;
}

const script = new URL('./toy-worker.js', import.meta.url);

test('runs jobs on at most `size` threads and transfers typed arrays back', async () => {
  const pool = new WorkerPool<ToyJob, ToyResult>(script, 2);
  try {
    const rs = await Promise.all(Array.from({ length: 10 }, (_, x) => pool.run({ op: 'square', x, delayMs: 5 })));
    assert.deepEqual(
      rs.map((r) => r.y[0]),
      Array.from({ length: 10 }, (_, x) => x * x),
    );
    assert.ok(rs.every((r) => r.y instanceof Float64Array));
    assert.equal(new Set(rs.map((r) => r.thread)).size, 2);
    assert.equal(pool.pending, 0);
  } finally {
    await pool.close();
  }
});

test('a worker that retires after a job gets no further job and is replaced; every job completes', async () => {
  const pool = new WorkerPool<ToyJob, ToyResult>(script, 2, { retires: (r) => r.retire === true });
  try {
    const ops: ToyJob['op'][] = ['square', 'retire', 'square', 'square', 'retire', 'square', 'square', 'square'];
    const rs = await Promise.all(ops.map((op, x) => pool.run({ op, x, delayMs: 5 })));
    assert.deepEqual(
      rs.map((r) => r.y[0]),
      ops.map((_, x) => x * x),
    );
    // a retired thread never answers again: every job after its retirement ran elsewhere
    for (const [x, op] of ops.entries()) {
      if (op !== 'retire') continue;
      const gone = rs[x]!.thread;
      assert.deepEqual(
        rs.slice(x + 1).filter((r) => r.thread === gone),
        [],
        `thread ${gone} got no job after retiring`,
      );
    }
    // a replacement starts only while work waits: when the other thread drains the queue before a
    // retired thread has exited, none is needed (this once made an exact count of 4 flaky)
    assert.ok(pool.spawned >= 2 && pool.spawned <= 4, `two threads at the start, at most one replacement per retirement: ${pool.spawned}`);
    assert.equal(pool.pending, 0);
  } finally {
    await pool.close();
  }
});

test('when every thread retires, replacements take over the remaining jobs', async () => {
  const pool = new WorkerPool<ToyJob, ToyResult>(script, 2, { retires: (r) => r.retire === true });
  try {
    const ops: ToyJob['op'][] = ['retire', 'retire', 'square', 'square', 'square'];
    const rs = await Promise.all(ops.map((op, x) => pool.run({ op, x, delayMs: 5 })));
    assert.deepEqual(
      rs.map((r) => r.y[0]),
      ops.map((_, x) => x * x),
    );
    const retired = new Set([rs[0]!.thread, rs[1]!.thread]);
    assert.equal(retired.size, 2, 'the first two jobs ran on the two first threads');
    assert.ok(rs.slice(2).every((r) => !retired.has(r.thread)), 'no job after retiring');
    assert.ok(pool.spawned === 3 || pool.spawned === 4, `one or two replacements: ${pool.spawned}`);
  } finally {
    await pool.close();
  }
});

test('a crashing worker fails only its own job and is replaced', async () => {
  const pool = new WorkerPool<ToyJob, ToyResult>(script, 2);
  try {
    const jobs: ToyJob[] = [
      { op: 'square', x: 1, delayMs: 20 },
      { op: 'throw', x: 2 },
      { op: 'square', x: 3 },
      { op: 'exit', x: 4 },
      { op: 'square', x: 5 },
    ];
    const settled = await Promise.allSettled(jobs.map((j) => pool.run(j)));
    assert.equal(settled[0]!.status, 'fulfilled');
    assert.equal(settled[1]!.status, 'rejected');
    assert.match(String((settled[1] as PromiseRejectedResult).reason), /worker crashed: boom 2/);
    assert.equal(settled[2]!.status, 'fulfilled');
    assert.equal(settled[3]!.status, 'rejected');
    assert.match(String((settled[3] as PromiseRejectedResult).reason), /exited with code 3/);
    assert.equal((settled[4] as PromiseFulfilledResult<ToyResult>).value.y[0], 25);
    // Still usable afterwards.
    assert.equal((await pool.run({ op: 'square', x: 7 })).y[0], 49);
  } finally {
    await pool.close();
  }
  await assert.rejects(pool.run({ op: 'square', x: 1 }), /closed/);
  assert.throws(() => new WorkerPool(script, 0), RangeError);
});

test('a job over its time limit fails and its stuck worker is stopped and replaced', async () => {
  const pool = new WorkerPool<ToyJob, ToyResult>(script, 1);
  try {
    await assert.rejects(pool.run({ op: 'hang', x: 0 }, [], 200), /timed out after 0\.2 s \(worker stopped\)/);
    // The busy-looping thread is gone; a fresh one serves the next job, whose limit is not hit.
    const r = await pool.run({ op: 'square', x: 6 }, [], 5000);
    assert.equal(r.y[0], 36);
  } finally {
    await pool.close();
  }
});

test('closing lets idle workers leave by themselves (no termination), and terminates busy ones', async () => {
  const log = join(tempDir('mcp-pool-leave-'), 'left.txt');
  process.env.TOY_LEAVE_LOG = log;
  try {
    const pool = new WorkerPool<ToyJob, ToyResult>(script, 2);
    const rs = await Promise.all([1, 2, 3, 4].map((x) => pool.run({ op: 'square', x, delayMs: 5 })));
    const threads = new Set(rs.map((r) => r.thread));
    await pool.close();
    const left = readFileSync(log, 'utf8').trim().split('\n').map(Number);
    assert.deepEqual(new Set(left), threads, 'every idle thread left on its own');
    await assert.rejects(pool.run({ op: 'square', x: 1 }), /closed/);

    const busyLog = join(tempDir('mcp-pool-busy-'), 'left.txt');
    process.env.TOY_LEAVE_LOG = busyLog;
    const busy = new WorkerPool<ToyJob, ToyResult>(script, 1);
    const hung = busy.run({ op: 'hang', x: 0 });
    await new Promise((r) => setTimeout(r, 100));
    await busy.close();
    await assert.rejects(hung);
    assert.ok(!existsSync(busyLog), 'a busy (hung) worker is terminated, not asked');
  } finally {
    delete process.env.TOY_LEAVE_LOG;
  }
});
