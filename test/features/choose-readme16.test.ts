import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseColumns } from '../../scripts/choose-readme16.js';
import { createRng } from '../../src/util/rng.js';

describe('readme16 selection rule', () => {
  it('drops constant columns, then the later column of the most correlated pair until `keep` remain', () => {
    const rng = createRng(11);
    const rows: number[][] = [];
    for (let i = 0; i < 40; i++) {
      const a = rng.normal();
      const c = rng.normal();
      const e = rng.normal();
      // b duplicates a (r = 1), d is a noisy copy of c, f is constant
      rows.push([a, 2 * a + 1, c, c + 0.3 * rng.normal(), e, 5]);
    }
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const { kept, log } = chooseColumns(names, rows, 3);
    assert.deepEqual(kept, ['a', 'c', 'e']);
    assert.match(log[0]!, /drop f: constant/);
    assert.match(log[1]!, /drop b: \|r\| = 1\.0000 with a/);
    assert.match(log[2]!, /drop d: .* with c/);
  });
});
