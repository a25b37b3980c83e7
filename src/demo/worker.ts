// Worker-thread entry of the demo synthesiser: receives DemoTrackPlan messages, writes each track and
// answers with its record (or a one-line error).
import { parentPort } from 'node:worker_threads';
import { type DemoTrackPlan, writeDemoTrack } from './library.js';

const port = parentPort;
if (!port) throw new Error('demo worker: must run as a worker thread');
port.on('message', (plan: DemoTrackPlan) => {
  try {
    port.postMessage({ ok: true, index: plan.index, track: writeDemoTrack(plan) });
  } catch (e) {
    port.postMessage({ ok: false, error: `track ${plan.index + 1}: ${e instanceof Error ? e.message : String(e)}` });
  }
});
