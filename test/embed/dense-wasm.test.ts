import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type Activation,
  Adam,
  backwardInto,
  createNetwork,
  createWorkspace,
  type DenseNetwork,
  denseArena,
  forwardInto,
  placeInWasm,
  trainAutoencoder,
} from '../../src/embed/index.js';
import { fromRows } from '../../src/util/matrix.js';
import { createRng, type Rng } from '../../src/util/rng.js';

// Widths that exercise every lane path of the kernels: blocks of 8, pairs, and odd tails.
const SIZES = [19, 17, 8, 3, 1, 2, 9];
const ACTS: Activation[] = ['sigmoid', 'sigmoid', 'sigmoid', 'linear', 'sigmoid', 'linear'];

function randomNet(rng: Rng): DenseNetwork {
  const net = createNetwork(SIZES, ACTS, rng);
  for (const l of net.layers) for (let i = 0; i < l.b.length; i++) l.b[i] = rng.normal() * 0.5;
  return net;
}

const bits = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

test('the WASM dense kernels give bit for bit what the JavaScript loops give, one layer at a time', () => {
  const rng = createRng(4);
  for (const [m, o] of [
    [19, 17],
    [17, 8],
    [8, 3],
    [3, 1],
    [1, 2],
    [2, 9],
    [215, 16],
    [16, 215],
  ] as const) {
    const rows = 5;
    const arena = denseArena([rows * m, m * o, o, rows * o, rows * o, m * o, o, rows * m, m * o])!;
    assert.ok(arena, 'WASM SIMD is available on this machine');
    const [X, W, b, out, delta, gW, gb, prev, wt] = arena.views as [Float64Array, ...Float64Array[]];
    for (const v of [X, W, b, delta]) for (let i = 0; i < v!.length; i++) v![i] = rng.normal();
    const net: DenseNetwork = { layers: [{ inSize: m, outSize: o, activation: 'linear', W: Float64Array.from(W!), b: Float64Array.from(b!) }] };
    const ws = createWorkspace(net, rows);
    const jsOut = forwardInto(net, ws, Float64Array.from(X!), rows);
    arena.kernels.denseForward(X!.byteOffset, rows, m, o, W!.byteOffset, b!.byteOffset, out!.byteOffset);
    assert.equal(bits(out!), bits(jsOut), `forward ${m}→${o}`);
    // the input delta is only computed for needInputGrad, so ask for it
    const jsPrev = backwardInto(net, ws, Float64Array.from(delta!), rows, true);
    arena.kernels.denseBackward(X!.byteOffset, delta!.byteOffset, rows, m, o, W!.byteOffset, gW!.byteOffset, gb!.byteOffset, prev!.byteOffset, wt!.byteOffset);
    assert.equal(bits(gW!), bits(ws.grads[0]!.W), `weight gradient ${m}→${o}`);
    assert.equal(bits(gb!), bits(ws.grads[0]!.b), `bias gradient ${m}→${o}`);
    assert.equal(bits(prev!), bits(jsPrev), `input delta ${m}→${o}`);
  }
});

test('a network placed in WASM memory runs forward, backward and Adam bit-identically to the JavaScript one', () => {
  const rng = createRng(11);
  const net = randomNet(rng);
  const rows = 6;
  const placed = placeInWasm(net, [rows], [rows * SIZES[0]!, rows * SIZES.at(-1)!])!;
  assert.ok(placed);
  const mem = placed.net.layers[0]!.W.buffer;
  assert.ok(placed.workspaces[0]!.grads.every((g) => g.W.buffer === mem) && placed.extras.every((e) => e.buffer === mem));
  const jsWs = createWorkspace(net, rows);
  const jsAdam = new Adam(net, 0.01);
  const wAdam = new Adam(placed.net, 0.01);
  const [X, G] = placed.extras as [Float64Array, Float64Array];
  for (let step = 0; step < 3; step++) {
    for (let i = 0; i < X.length; i++) X[i] = rng.normal();
    const jsOut = forwardInto(net, jsWs, Float64Array.from(X), rows);
    const wOut = forwardInto(placed.net, placed.workspaces[0]!, X, rows);
    assert.equal(bits(wOut), bits(jsOut));
    // half-way outputs too (the encoder alone)
    assert.equal(bits(forwardInto(placed.net, placed.workspaces[0]!, X, rows, 3)), bits(forwardInto(net, jsWs, Float64Array.from(X), rows, 3)));
    forwardInto(net, jsWs, Float64Array.from(X), rows);
    forwardInto(placed.net, placed.workspaces[0]!, X, rows);
    for (let i = 0; i < G.length; i++) G[i] = rng.normal();
    backwardInto(net, jsWs, Float64Array.from(G), rows);
    backwardInto(placed.net, placed.workspaces[0]!, G, rows);
    placed.workspaces[0]!.grads.forEach((g, l) => {
      assert.equal(bits(g.W), bits(jsWs.grads[l]!.W), `step ${step} layer ${l} weights`);
      assert.equal(bits(g.b), bits(jsWs.grads[l]!.b), `step ${step} layer ${l} biases`);
    });
    jsAdam.step(net, jsWs.grads);
    wAdam.step(placed.net, placed.workspaces[0]!.grads);
    placed.net.layers.forEach((l, i) => {
      assert.equal(bits(l.W), bits(net.layers[i]!.W), `step ${step} layer ${i} updated weights`);
      assert.equal(bits(l.b), bits(net.layers[i]!.b));
    });
  }
});

test('autoencoder training gives bit-identical embeddings and losses with the WASM kernels and the JavaScript loops', () => {
  const rng = createRng(2);
  for (const [cols, bottleneck] of [
    [37, 3],
    [5, 1],
    [23, 8],
  ] as const) {
    const Z = fromRows(Array.from({ length: 90 }, (_, i) => Array.from({ length: cols }, (_, j) => rng.normal() + ((i % 3) - 1) * (j % 4))));
    const w = trainAutoencoder(Z, { bottleneck, seed: 5, epochLimit: 25, kernel: 'wasm' });
    const j = trainAutoencoder(Z, { bottleneck, seed: 5, epochLimit: 25, kernel: 'js' });
    assert.equal(bits(w.embedding.data), bits(j.embedding.data), `${cols} columns, bottleneck ${bottleneck}`);
    assert.deepEqual(w.history, j.history);
    assert.ok(w.history.trainLoss.at(-1)! < w.history.trainLoss[0]!);
  }
});
