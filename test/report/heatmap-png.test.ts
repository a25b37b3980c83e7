import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32, inflateSync } from 'node:zlib';
import { heatmapRgb, featureHeatmapPlot, HEATMAP_COLOURS } from '../../src/report/plots/heatmap.js';
import { encodePng } from '../../src/report/png.js';
import { makeRunResult } from './fixture.js';
import { xmlProblem } from './xml-check.js';

/** Decodes what encodePng writes (8-bit RGB, filter 0 on every row), checking every chunk's CRC. */
function decodePng(png: Buffer): { width: number; height: number; rgb: Buffer } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let o = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (o < png.length) {
    const len = png.readUInt32BE(o);
    const type = png.toString('ascii', o + 4, o + 8);
    const data = png.subarray(o + 8, o + 8 + len);
    assert.equal(png.readUInt32BE(o + 8 + len), crc32(png.subarray(o + 4, o + 8 + len)) >>> 0, `${type} CRC`);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      assert.deepEqual([...data.subarray(8)], [8, 2, 0, 0, 0]);
    } else if (type === 'IDAT') idat.push(data);
    o += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  assert.equal(raw.length, height * (1 + 3 * width));
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * (1 + 3 * width)], 0, 'filter type 0');
    raw.copy(rgb, y * width * 3, y * (1 + 3 * width) + 1, (y + 1) * (1 + 3 * width));
  }
  return { width, height, rgb };
}

test('encodePng writes a valid RGB PNG that decodes to the same pixels', () => {
  const rgb = Uint8Array.from({ length: 5 * 3 * 3 }, (_, i) => (i * 37) % 256);
  const d = decodePng(encodePng(5, 3, rgb));
  assert.deepEqual([d.width, d.height], [5, 3]);
  assert.deepEqual([...d.rgb], [...rgb]);
  assert.throws(() => encodePng(5, 3, rgb.subarray(1)), RangeError);
});

test('the colour scale: its stops at −3, −1.5, 0, +1.5, +3 σ, clipped beyond, linear between', () => {
  const hex = (c: number[]): string => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  assert.deepEqual([-3, -1.5, 0, 1.5, 3].map((v) => hex(heatmapRgb(v))), HEATMAP_COLOURS);
  assert.equal(hex(heatmapRgb(9)), HEATMAP_COLOURS[4]);
  assert.equal(hex(heatmapRgb(-Infinity)), HEATMAP_COLOURS[0]);
  // half-way between #f7f7f7 and #f4a582
  assert.deepEqual(heatmapRgb(0.75), [246, 206, 189]);
});

test('the heat map draws its cells as one embedded PNG stretched over the grid, a cell per feature and column', () => {
  const r = makeRunResult({ nTracks: 30, genres: ['a'] });
  const nf = r.featureNames.length;
  // feature 0 at +5 σ (clipped to +3), feature 1 at 0, the rest at −3 σ, for every track
  r.features = r.features.map((row) => row.map((_, f) => (f === 0 ? 5 : f === 1 ? 0 : -3)));
  const svg = featureHeatmapPlot(r);
  assert.equal(xmlProblem(svg), null);
  const m = /<image preserveAspectRatio="none" image-rendering="optimizeSpeed" href="data:image\/png;base64,([A-Za-z0-9+/=]+)" width="(\d+)" height="(\d+)"/.exec(svg);
  assert.ok(m, 'one stretched, unsmoothed PNG image');
  assert.equal((svg.match(/<image /g) ?? []).length, 1);
  const png = decodePng(Buffer.from(m[1]!, 'base64'));
  assert.equal(png.height % nf, 0, 'whole pixel rows per feature');
  const ch = png.height / nf;
  const at = (x: number, y: number): number[] => [...png.rgb.subarray((y * png.width + x) * 3, (y * png.width + x) * 3 + 3)];
  for (const x of [0, png.width - 1]) {
    assert.deepEqual(at(x, 0), heatmapRgb(3));
    assert.deepEqual(at(x, ch), heatmapRgb(0));
    assert.deepEqual(at(x, png.height - 1), heatmapRgb(-3));
  }
  assert.ok(svg.length < 200_000, `${svg.length} bytes`);
});
