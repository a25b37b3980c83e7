import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng, createSfc32 } from '../../src/util/rng.js';

test('the same seed gives the same sequence, a different seed a different one', () => {
  const a = createRng(42);
  const b = createRng(42);
  const c = createRng(43);
  const sa = Array.from({ length: 5 }, () => a.next());
  const sb = Array.from({ length: 5 }, () => b.next());
  const sc = Array.from({ length: 5 }, () => c.next());
  assert.deepEqual(sa, sb);
  assert.notDeepEqual(sa, sc);
});

test('uniform draws stay in [0,1) with mean near 1/2, normals near N(0,1)', () => {
  const r = createRng(1);
  let s = 0;
  let s2 = 0;
  let n1 = 0;
  const n = 20000;
  for (let i = 0; i < n; i++) {
    const u = r.next();
    assert.ok(u >= 0 && u < 1);
    s += u;
    const z = r.normal();
    n1 += z;
    s2 += z * z;
  }
  assert.ok(Math.abs(s / n - 0.5) < 0.01);
  assert.ok(Math.abs(n1 / n) < 0.03);
  assert.ok(Math.abs(s2 / n - 1) < 0.05);
});

test('createSfc32 is createRng\'s stream, and its state can be read and handed back', () => {
  const r = createRng(9);
  const s = createSfc32(9);
  for (let i = 0; i < 50; i++) assert.equal(s.next(), r.next());
  const saved = s.state();
  const ahead = Array.from({ length: 20 }, () => s.u32());
  const other = createSfc32(123);
  other.setState(saved);
  assert.deepEqual(Array.from({ length: 20 }, () => other.u32()), ahead);
  assert.deepEqual(other.state(), s.state());
  assert.ok(ahead.every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32));
});
