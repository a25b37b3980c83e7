// A worker for the memory-gate test: takes a share of the shared budget, says how long it waited.
import { parentPort, workerData } from 'node:worker_threads';
import { acquire, release } from '../../src/analysis/memory-gate.js';

const { buffer, lane, mb } = workerData as { buffer: SharedArrayBuffer; lane: number; mb: number };
parentPort!.postMessage({ ready: true });
const waited = acquire(buffer, lane, mb, 50);
parentPort!.postMessage({ waited });
release(buffer, lane);
