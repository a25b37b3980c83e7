import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { formatDuration, Progress } from '../../src/analysis/progress.js';

class Sink extends Writable {
  text = '';
  isTTY = false;
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

test('plain mode prints one line every N tracks and a final line', () => {
  const out = new Sink();
  let now = 0;
  const p = new Progress(out, 95, { now: () => now });
  for (let i = 0; i < 95; i++) {
    now += 500; // 2 tracks/s
    p.tick();
  }
  p.finish();
  const lines = out.text.trim().split('\n');
  // Every 10 % (10 tracks) and the last one.
  assert.equal(lines.length, 10);
  assert.equal(lines[0], 'analyse: 10/95 (10%)  2.0 tracks/s  ETA 0:43');
  assert.equal(lines.at(-1), 'analyse: 95/95 (100%)  2.0 tracks/s  ETA 0:00');
  assert.ok(!out.text.includes('\r'));
});

test('terminal mode redraws one line in place and keeps notes above it', () => {
  const out = new Sink();
  let now = 0;
  const p = new Progress(out, 4, { tty: true, now: () => now, width: 8 });
  now = 1000;
  p.tick();
  p.note('x.ogg: decode failed: truncated');
  now = 1050; // too soon to redraw
  p.tick();
  now = 2000;
  p.tick(2);
  p.finish();
  assert.equal(
    out.text,
    '\r[##......] 1/4 (25%)  1.0 tracks/s  ETA 0:03\x1b[K' +
      '\r\x1b[Kx.ogg: decode failed: truncated\n' +
      '\r[##......] 1/4 (25%)  1.0 tracks/s  ETA 0:03\x1b[K' +
      '\r[########] 4/4 (100%)  2.0 tracks/s  ETA 0:00\x1b[K' +
      '\r[########] 4/4 (100%)  2.0 tracks/s  ETA 0:00\x1b[K\n',
  );
});

test('durations format as m:ss and h:mm:ss', () => {
  assert.equal(formatDuration(0), '0:00');
  assert.equal(formatDuration(61.4), '1:01');
  assert.equal(formatDuration(3600 + 2 * 60 + 3), '1:02:03');
  assert.equal(formatDuration(Number.POSITIVE_INFINITY), '--:--');
});

test('terminal mode fits the line to a narrow terminal', () => {
  const out = Object.assign(new Sink(), { columns: 40 });
  const p = new Progress(out, 10, { tty: true, now: () => 1000 });
  p.tick(5);
  const line = out.text.replace('\r', '').replace('\x1b[K', '');
  assert.ok(line.length <= 39, line);
  assert.ok(line.startsWith('5/10 (50%)'), line);
  const wide = Object.assign(new Sink(), { columns: 100 });
  const q = new Progress(wide, 10, { tty: true, now: () => 1000, width: 20 });
  q.tick(5);
  assert.ok(wide.text.startsWith('\r[##########..........] 5/10 (50%)'), wide.text);
});
