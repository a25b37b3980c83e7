import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type Activation,
  backward,
  createNetwork,
  type DenseNetwork,
  forward,
  mseLoss,
  standardScale,
  trainAutoencoder,
} from '../../src/embed/index.js';
import { type Matrix, zeros } from '../../src/util/matrix.js';
import { createRng } from '../../src/util/rng.js';

function lossOf(net: DenseNetwork, X: Float64Array, Y: Float64Array, rows: number): number {
  const a = forward(net, X, rows);
  return mseLoss(a[a.length - 1]!, Y).loss;
}

/** Central finite differences against backprop for every weight and bias. */
function gradientCheck(sizes: number[], acts: Activation[], seed: number): number {
  const rng = createRng(seed);
  const net = createNetwork(sizes, acts, rng);
  for (const l of net.layers) for (let i = 0; i < l.b.length; i++) l.b[i] = rng.normal() * 0.3;
  const rows = 5;
  const X = Float64Array.from({ length: rows * sizes[0]! }, () => rng.normal());
  const Y = Float64Array.from({ length: rows * sizes.at(-1)! }, () => rng.normal());
  const a = forward(net, X, rows);
  const { grad } = mseLoss(a[a.length - 1]!, Y);
  const { grads } = backward(net, a, grad, rows);
  const h = 1e-6;
  let worst = 0;
  let checked = 0;
  net.layers.forEach((layer, l) => {
    for (const [param, g] of [
      [layer.W, grads[l]!.W],
      [layer.b, grads[l]!.b],
    ] as const) {
      for (let i = 0; i < param.length; i++) {
        const keep = param[i]!;
        param[i] = keep + h;
        const up = lossOf(net, X, Y, rows);
        param[i] = keep - h;
        const down = lossOf(net, X, Y, rows);
        param[i] = keep;
        const numeric = (up - down) / (2 * h);
        const err = Math.abs(numeric - g[i]!) / Math.max(1e-8, Math.abs(numeric) + Math.abs(g[i]!));
        worst = Math.max(worst, Math.abs(numeric - g[i]!) < 1e-9 ? 0 : err);
        checked++;
      }
    }
  });
  assert.ok(checked > 0);
  return worst;
}

test('gradient check: a dense sigmoid layer', () => {
  const err = gradientCheck([4, 3], ['sigmoid'], 1);
  assert.ok(err < 1e-6, `relative error ${err}`);
});

test('gradient check: a dense linear layer', () => {
  const err = gradientCheck([4, 3], ['linear'], 2);
  assert.ok(err < 1e-6, `relative error ${err}`);
});

test('gradient check: the full autoencoder stack (sigmoid hidden and code, linear output) with MSE', () => {
  const err = gradientCheck([6, 4, 2, 4, 6], ['sigmoid', 'sigmoid', 'sigmoid', 'linear'], 3);
  assert.ok(err < 1e-6, `relative error ${err}`);
});

test('gradient check: the MSE loss with respect to its predictions', () => {
  const rng = createRng(4);
  const p = Float64Array.from({ length: 12 }, () => rng.normal());
  const y = Float64Array.from({ length: 12 }, () => rng.normal());
  const { grad } = mseLoss(p, y);
  for (let i = 0; i < 12; i++) {
    const keep = p[i]!;
    p[i] = keep + 1e-6;
    const up = mseLoss(p, y).loss;
    p[i] = keep - 1e-6;
    const down = mseLoss(p, y).loss;
    p[i] = keep;
    assert.ok(Math.abs((up - down) / 2e-6 - grad[i]!) < 1e-8);
  }
});

function blobs(n: number, d: number, seed: number): Matrix {
  const rng = createRng(seed);
  const X = zeros(n, d);
  const centres = Array.from({ length: 4 }, () => Array.from({ length: d }, () => rng.normal() * 3));
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) X.data[i * d + t] = centres[i % 4]![t]! + rng.normal();
  return standardScale(X).Z;
}

test('autoencoder: same seed gives a bit-identical embedding, another seed a different one', () => {
  const Z = blobs(200, 8, 5);
  const a = trainAutoencoder(Z, { bottleneck: 2, seed: 7, epochLimit: 30 });
  const b = trainAutoencoder(Z, { bottleneck: 2, seed: 7, epochLimit: 30 });
  const c = trainAutoencoder(Z, { bottleneck: 2, seed: 8, epochLimit: 30 });
  assert.equal(a.embedding.cols, 2);
  assert.equal(a.embedding.rows, 200);
  assert.deepEqual(a.embedding.data, b.embedding.data);
  assert.deepEqual(a.history, b.history);
  assert.notDeepEqual(a.embedding.data, c.embedding.data);
  assert.deepEqual(a.encode(Z).data, a.embedding.data);
  for (const v of a.embedding.data) assert.ok(v > 0 && v < 1);
});

test('autoencoder: learns (loss falls well below the variance), stops early, keeps the best epoch', () => {
  const Z = blobs(300, 8, 6);
  const ae = trainAutoencoder(Z, { bottleneck: 3, seed: 1, epochLimit: 400, patience: 5, learningRate: 0.01 });
  assert.deepEqual(ae.history.sizes, [8, 3, 8]);
  const h = ae.history;
  assert.equal(h.validationLoss.length, h.epochs);
  assert.ok(h.trainLoss.at(-1)! < 0.6 * h.trainLoss[0]!, `train loss ${h.trainLoss[0]} → ${h.trainLoss.at(-1)}`);
  assert.equal(Math.min(...h.validationLoss), h.validationLoss[h.bestEpoch]);
  if (h.stoppedEarly) assert.equal(h.epochs, h.bestEpoch + 1 + 5);
  const R = ae.reconstruct(Z);
  let err = 0;
  for (let i = 0; i < R.data.length; i++) err += (R.data[i]! - Z.data[i]!) ** 2;
  assert.ok(err / R.data.length < 0.6, `reconstruction MSE ${err / R.data.length} vs variance 1`);
  const longer = trainAutoencoder(Z, { bottleneck: 3, seed: 1, epochLimit: 3 });
  assert.equal(longer.history.epochs, 3);
  assert.throws(() => trainAutoencoder(Z, { bottleneck: 0, seed: 1 }), /bottleneck must be a positive integer/);
});

test('gradient check: the gradient with respect to the network input', () => {
  const rng = createRng(9);
  const net = createNetwork([3, 4, 2], ['sigmoid', 'linear'], rng);
  const X = Float64Array.from({ length: 6 }, () => rng.normal());
  const Y = Float64Array.from({ length: 4 }, () => rng.normal());
  const a = forward(net, X, 2);
  const { gradInput } = backward(net, a, mseLoss(a[a.length - 1]!, Y).grad, 2);
  for (let i = 0; i < 6; i++) {
    const keep = X[i]!;
    X[i] = keep + 1e-6;
    const up = lossOf(net, X, Y, 2);
    X[i] = keep - 1e-6;
    const down = lossOf(net, X, Y, 2);
    X[i] = keep;
    assert.ok(Math.abs((up - down) / 2e-6 - gradInput[i]!) < 1e-8, `input ${i}`);
  }
});
