// Some real Ogg Vorbis files repeat their three header packets on the first audio page (a splice of
// two encodes; ogginfo blames "a buggy encoder"). libvorbis plays them; Debian's ffmpeg 5.1 stops
// at "Header processing failed", so with the auto decoder such a track used to fail. The built-in
// decoder now gets its turn. The fixture is built page by page from two files ffmpeg encodes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { DecodeError, decodeAudio } from '../../src/audio/index.js';
import { FEATURES_VERSION } from '../../src/features/index.js';
import { FeatureStore, settingsKey } from '../../src/store/index.js';
import { cliPath, tempDir } from '../helpers.js';
import { synthFile } from './fixtures.js';

let dir = '';
let spliced = '';
let second = '';
let broken = '';

/** Ogg's CRC-32 (polynomial 0x04C11DB7, not reflected, initial 0) of a page with its CRC field zeroed. */
function oggCrc(page: Uint8Array): number {
  let crc = 0;
  for (const byte of page) {
    crc ^= byte << 24;
    for (let k = 0; k < 8; k++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
  }
  return crc >>> 0;
}

/** The pages of an Ogg file, each as its own buffer. */
function oggPages(bytes: Buffer): Buffer[] {
  const pages: Buffer[] = [];
  for (let at = 0; at < bytes.length; ) {
    assert.equal(bytes.toString('latin1', at, at + 4), 'OggS');
    const segments = bytes[at + 26]!;
    let body = 0;
    for (let i = 0; i < segments; i++) body += bytes[at + 27 + i]!;
    const end = at + 27 + segments + body;
    pages.push(Buffer.from(bytes.subarray(at, end)));
    at = end;
  }
  return pages;
}

/** A page with new header fields and its CRC computed again. */
function rewritePage(page: Buffer, fields: { flags?: number; granule?: bigint; serial?: number; sequence?: number }): Buffer {
  const p = Buffer.from(page);
  if (fields.flags !== undefined) p[5] = fields.flags;
  if (fields.granule !== undefined) p.writeBigInt64LE(fields.granule, 6);
  if (fields.serial !== undefined) p.writeUInt32LE(fields.serial, 14);
  if (fields.sequence !== undefined) p.writeUInt32LE(fields.sequence, 18);
  p.writeUInt32LE(0, 22);
  p.writeUInt32LE(oggCrc(p), 22);
  return p;
}

function snrDb(reference: Float32Array, other: Float32Array): number {
  assert.equal(other.length, reference.length);
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < reference.length; i++) {
    signal += reference[i]! ** 2;
    noise += (other[i]! - reference[i]!) ** 2;
  }
  return 10 * Math.log10(signal / noise);
}

before(() => {
  dir = tempDir('mcp-ffmpeg-refused-');
  const first = synthFile(dir, 'first', 'ogg', 1);
  second = synthFile(dir, 'second', 'ogg', 4);
  const a = oggPages(readFileSync(first));
  const b = oggPages(readFileSync(second));
  const serial = a[0]!.readUInt32LE(14);
  // The first file's header pages, then every page of the second in the same logical stream: its
  // header packets arrive where audio is due, on pages without the start flag, the first of them
  // with granule position -104, as in the files met in the wild.
  const pages = [a[0]!, a[1]!];
  for (const [i, page] of b.entries()) {
    const granule = i === 0 ? -104n : i === 1 ? 0n : undefined;
    pages.push(rewritePage(page, { flags: page[5]! & ~2, serial, sequence: pages.length, ...(granule !== undefined ? { granule } : {}) }));
  }
  spliced = join(dir, 'spliced.ogg');
  writeFileSync(spliced, Buffer.concat(pages));
  // A setup header overwritten in its middle: no decoder can read this one.
  const c = oggPages(readFileSync(second));
  const setup = Buffer.from(c[1]!);
  setup.fill(0x55, 27 + setup[26]! + 200, 27 + setup[26]! + 2000);
  c[1] = rewritePage(setup, {});
  broken = join(dir, 'broken.ogg');
  writeFileSync(broken, Buffer.concat(c));
});

test('ffmpeg itself refuses the spliced file (the control): the fixture shows what it is meant to', () => {
  const r = spawnSync('ffmpeg', ['-v', 'error', '-i', spliced, '-f', 'null', '-'], { encoding: 'utf8' });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /Header processing failed/);
});

test('auto: a file ffmpeg refuses is read by the built-in decoder, with the audio of the spliced-in encode', async () => {
  const got = await decodeAudio(spliced, { decoder: 'auto' });
  assert.equal(got.decoder, 'wasm');
  assert.match(got.ffmpegRefused ?? '', /^ffmpeg: Header processing failed/);
  const reference = await decodeAudio(second, { decoder: 'ffmpeg' });
  assert.equal(reference.ffmpegRefused, undefined);
  assert.equal(got.durationSec, 4);
  // The same 4 s as ffmpeg's decoding of the second file (our resampler against soxr).
  assert.ok(snrDb(reference.samples, got.samples) > 60, `SNR ${snrDb(reference.samples, got.samples).toFixed(1)} dB`);
});

test('the repeated headers cost no audio, and the built-in decoder does not call them damage', async () => {
  const got = await decodeAudio(spliced, { decoder: 'wasm' });
  const alone = await decodeAudio(second, { decoder: 'wasm' });
  assert.deepEqual(alone.warnings, []);
  // Bit for bit the spliced-in encode decoded on its own: no packet was lost to the repeat.
  assert.equal(got.samples.length, alone.samples.length);
  assert.ok(Buffer.from(got.samples.buffer, got.samples.byteOffset, got.samples.byteLength).equals(Buffer.from(alone.samples.buffer, alone.samples.byteOffset, alone.samples.byteLength)));
  assert.deepEqual(got.warnings, []);
  assert.deepEqual((await decodeAudio(spliced, { decoder: 'auto' })).warnings, []);
});

test('--decoder ffmpeg is taken at its word, and a file neither decoder reads names both reasons in one line', async () => {
  await assert.rejects(decodeAudio(spliced, { decoder: 'ffmpeg' }), (e: unknown) => e instanceof DecodeError && /^ffmpeg: Header processing failed/.test(e.reason));
  await assert.rejects(
    decodeAudio(broken, { decoder: 'auto' }),
    (e: unknown) =>
      e instanceof DecodeError && /^ffmpeg: .*Setup header corrupt.*; the built-in decoder found no audio either \(.*OV_EBADHEADER\)\)$/.test(e.reason) && !e.message.includes('\n'),
  );
});

test('analyze: the track is analysed, one line says which decoder read it and why, the summary counts it', () => {
  const clean = synthFile(dir, 'clean', 'ogg', 3);
  const r = spawnSync(process.execPath, [cliPath, 'analyze', spliced, clean, broken, '--db', join(dir, 'f.sqlite'), '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stdout) as { analysed: number; failed: number; builtInDecoded: number; damaged: number };
  assert.deepEqual([summary.analysed, summary.failed, summary.builtInDecoded, summary.damaged], [2, 1, 1, 0]);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith(dir));
  const about = (f: string) => lines.filter((l) => l.startsWith(`${f}: `));
  assert.equal(about(spliced).length, 1, r.stderr);
  assert.match(about(spliced)[0]!, /: read by the built-in decoder: ffmpeg refused it \(ffmpeg: Header processing failed[^)]*\)$/);
  assert.equal(about(broken).length, 1, r.stderr);
  assert.match(about(broken)[0]!, /: decode failed: ffmpeg: .*; the built-in decoder found no audio either/);
  assert.deepEqual(about(clean), []);
});

test('a failure stored by an earlier release, whose auto decoder had no second try, is tried again once; one under these rules is not', () => {
  const db = join(dir, 'upgraded.sqlite');
  const store = FeatureStore.open(db);
  const st = statSync(spliced);
  const key = settingsKey({ set: 'full', featuresVersion: FEATURES_VERSION, sampleRate: 22050, decoder: 'auto' });
  // What the fourteenth session's release stored for this file: ffmpeg's refusal, in that environment.
  store.putError({ path: spliced, size: st.size, mtimeMs: st.mtimeMs, stage: 'decode', reason: 'ffmpeg: Header processing failed', settingsKey: key, retryKey: 'ffmpeg=yes' });
  store.close();
  const analyze = () => {
    const r = spawnSync(process.execPath, [cliPath, 'analyze', spliced, broken, '--db', db, '--json'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as { analysed: number; failed: number; notRetried: number; builtInDecoded: number };
  };
  const first = analyze();
  assert.deepEqual([first.analysed, first.builtInDecoded, first.failed, first.notRetried], [1, 1, 1, 0]);
  const again = analyze();
  assert.deepEqual([again.analysed, again.failed, again.notRetried], [0, 1, 1], 'the broken file failed under these rules: not decoded again');
});

test("features: the values come, and stderr says in one line that the built-in decoder read the file", () => {
  for (const workers of ['1', '2']) {
    const r = spawnSync(process.execPath, [cliPath, 'features', spliced, '--concurrency', workers], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^spectral_centroid\.mean\t/m);
    const lines = r.stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, 1, r.stderr);
    assert.ok(lines[0]!.startsWith(`${spliced}: read by the built-in decoder: ffmpeg refused it (ffmpeg: Header processing failed`), r.stderr);
  }
});
