import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { test } from 'node:test';
import { createMemoryGate, featureMemoryMB, memoryInUseMB, release, tryAcquire } from '../../src/analysis/memory-gate.js';

test('the budget admits jobs while they fit, and a job larger than it when nothing else is held', () => {
  const gate = createMemoryGate(3, 1000);
  assert.equal(tryAcquire(gate, 0, 600), true);
  assert.equal(tryAcquire(gate, 1, 500), false, '600 + 500 > 1000');
  assert.equal(tryAcquire(gate, 1, 400), true);
  assert.equal(memoryInUseMB(gate), 1000);
  release(gate, 0);
  assert.equal(memoryInUseMB(gate), 400);
  assert.equal(tryAcquire(gate, 2, 5000), false, 'too big while another job holds memory');
  release(gate, 1);
  assert.equal(tryAcquire(gate, 2, 5000), true, 'too big, but alone: it runs');
  release(gate, 2);
  release(gate, 2); // giving back twice (the main thread after a crash) changes nothing
  assert.equal(memoryInUseMB(gate), 0);
  // a 60-minute track: about 1 GB for the feature stage (measured peak 1.3 GB RSS with the decoded audio)
  assert.equal(featureMemoryMB(3600), 1000);
  assert.equal(featureMemoryMB(180), 88);
});

test('a worker waits for memory another job holds and proceeds when it is given back', async () => {
  const gate = createMemoryGate(2, 1000);
  assert.ok(tryAcquire(gate, 0, 900));
  const w = new Worker(new URL('./gate-worker.js', import.meta.url), { workerData: { buffer: gate, lane: 1, mb: 500 } });
  const messages: { ready?: boolean; waited?: number }[] = [];
  let wake: () => void = () => {};
  w.on('message', (m) => {
    messages.push(m);
    wake();
  });
  const next = async (): Promise<{ ready?: boolean; waited?: number }> => {
    while (messages.length === 0) await new Promise<void>((r) => (wake = r));
    return messages.shift()!;
  };
  assert.deepEqual(await next(), { ready: true }); // the worker is about to ask (its start-up may be slow)
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(memoryInUseMB(gate), 900, 'the worker has not taken its share yet');
  release(gate, 0);
  const waited = (await next()).waited ?? -1;
  assert.ok(waited >= 250, `waited ${waited} ms`);
  await new Promise((r) => w.once('exit', r));
  assert.equal(memoryInUseMB(gate), 0);
});
