import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FLACDecoder } from '@wasm-audio-decoders/flac';
import { encodeFlac } from '../../src/demo/index.js';
import { createRng } from '../../src/util/rng.js';
import { tempDir } from '../helpers.js';

const dir = tempDir('mcp-demo-flac-');

/** Integer test signals: a chirp with noise, full-scale extremes, silence and white noise (verbatim). */
function signal(kind: 'music' | 'extremes' | 'silence' | 'noise', n: number, bits: number, seed: number): Int32Array {
  const max = 2 ** (bits - 1) - 1;
  const x = new Int32Array(n);
  const rng = createRng(seed);
  for (let i = 0; i < n; i++) {
    if (kind === 'music') {
      const t = i / 44100;
      const v = 0.5 * Math.sin(2 * Math.PI * (200 + 400 * t) * t) + 0.05 * rng.normal();
      x[i] = Math.max(-max - 1, Math.min(max, Math.round(v * max)));
    } else if (kind === 'extremes') {
      x[i] = i % 7 < 3 ? max : -max - 1;
    } else if (kind === 'noise') {
      x[i] = rng.int(2 * max + 2) - max - 1;
    }
  }
  return x;
}

/** The MD5 field of STREAMINFO (bytes 26..42 of the file) and its total-sample count. */
function streamInfo(f: Uint8Array): { md5: string; total: number; rate: number; channels: number; bits: number } {
  const b = Buffer.from(f);
  assert.equal(b.toString('latin1', 0, 4), 'fLaC');
  const si = b.subarray(8, 42);
  const rate = (si[10]! << 12) | (si[11]! << 4) | (si[12]! >> 4);
  const channels = ((si[12]! >> 1) & 7) + 1;
  const bits = (((si[12]! & 1) << 4) | (si[13]! >> 4)) + 1;
  const total = (si[13]! & 0xf) * 2 ** 32 + si.readUInt32BE(14);
  return { md5: si.subarray(18, 34).toString('hex'), total, rate, channels, bits };
}

/** ffmpeg's decode of a FLAC file as interleaved integers (16-bit: s16le; 24-bit: s32le >> 8). */
function ffmpegDecode(path: string, bits: number): { ints: Int32Array; raw: Buffer } {
  const fmt = bits === 16 ? 's16le' : 's32le';
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-f', fmt, '-'], { maxBuffer: 1 << 30 });
  const n = raw.length / (bits === 16 ? 2 : 4);
  const ints = new Int32Array(n);
  for (let i = 0; i < n; i++) ints[i] = bits === 16 ? raw.readInt16LE(2 * i) : raw.readInt32LE(4 * i) >> 8;
  return { ints, raw };
}

const cases: { name: string; channels: Int32Array[]; rate: number; bits: number; blockSize?: number }[] = [
  { name: 'stereo 16-bit 44.1 kHz, odd length', channels: [signal('music', 44100 * 2 + 37, 16, 1), signal('music', 44100 * 2 + 37, 16, 2)], rate: 44100, bits: 16 },
  { name: 'mono 16-bit 48 kHz', channels: [signal('music', 48000, 16, 3)], rate: 48000, bits: 16 },
  { name: 'stereo 24-bit 44.1 kHz', channels: [signal('music', 30000, 24, 4), signal('music', 30000, 24, 5)], rate: 44100, bits: 24 },
  { name: 'stereo full-scale extremes (side channel needs 17 bits)', channels: [signal('extremes', 9000, 16, 0), signal('extremes', 9000, 16, 0).map((v) => -v - 1)], rate: 44100, bits: 16 },
  { name: 'white noise (verbatim subframes) and silence (constant subframes), 22.05 kHz, block 1152', channels: [signal('noise', 5000, 16, 6), signal('silence', 5000, 16, 0)], rate: 22050, bits: 16, blockSize: 1152 },
  { name: 'short file of 100 samples at 37 kHz (rate written in the frame header)', channels: [signal('music', 100, 16, 7)], rate: 37000, bits: 16 },
  { name: 'final frame of one constant sample (would be 13 bytes)', channels: [signal('silence', 4097, 16, 0)], rate: 44100, bits: 16 },
  { name: 'stereo extremes with a final frame ending in 0xFF', channels: [signal('extremes', 9000, 16, 0), signal('extremes', 9000, 16, 0).map((v) => -v - 1)], rate: 44100, bits: 16 },
];

for (const c of cases) {
  test(`FLAC ${c.name}: ffmpeg and the wasm decoder decode it bit-exactly; STREAMINFO is right`, async () => {
    const f = encodeFlac(c.channels, c.rate, c.bits, { tags: [['TITLE', 'Tëst ☃'], ['GENRE', 'Noise']], blockSize: c.blockSize });
    const path = join(dir, `${c.name.replace(/[^a-z0-9]+/gi, '-')}.flac`);
    writeFileSync(path, f);
    const nCh = c.channels.length;
    const n = c.channels[0]!.length;
    const info = streamInfo(f);
    assert.equal(info.total, n);
    assert.equal(info.rate, c.rate);
    assert.equal(info.channels, nCh);
    assert.equal(info.bits, c.bits);

    const { ints, raw } = ffmpegDecode(path, c.bits);
    assert.equal(ints.length, n * nCh, 'sample count');
    let bad = 0;
    for (let i = 0; i < n; i++) for (let ch = 0; ch < nCh; ch++) if (ints[i * nCh + ch] !== c.channels[ch]![i]) bad++;
    assert.equal(bad, 0, 'ffmpeg decode differs from the input');
    if (c.bits === 16) assert.equal(createHash('md5').update(raw).digest('hex'), info.md5, 'STREAMINFO MD5');

    const dec = new FLACDecoder();
    await dec.ready;
    const out = await dec.decodeFile(f);
    dec.free();
    assert.equal(out.errors.length, 0, JSON.stringify(out.errors));
    assert.equal(out.samplesDecoded, n);
    assert.equal(out.sampleRate, c.rate);
    // The wasm decoder scales integers by 1 / (2^(bits-1) - 1).
    const scale = 2 ** (c.bits - 1) - 1;
    for (let ch = 0; ch < nCh; ch++) {
      const got = out.channelData[ch]!;
      let wbad = 0;
      for (let i = 0; i < n; i++) if (Math.round(got[i]! * scale) !== c.channels[ch]![i]) wbad++;
      assert.equal(wbad, 0, `wasm decode differs on channel ${ch}`);
    }
  });
}

test('FLAC tags are Vorbis comments ffprobe reads back, UTF-8 intact', () => {
  const f = encodeFlac([signal('music', 4096, 16, 9)], 44100, 16, {
    tags: [['TITLE', '<img src=x onerror=alert(1)>'], ['ARTIST', 'Ångström Drift'], ['ALBUM', 'A'], ['GENRE', 'Ambient Pad']],
  });
  const path = join(dir, 'tags.flac');
  writeFileSync(path, f);
  const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-of', 'json', '-show_format', path], { encoding: 'utf8' }));
  const tags = probe.format.tags as Record<string, string>;
  assert.equal(tags.TITLE, '<img src=x onerror=alert(1)>');
  assert.equal(tags.ARTIST, 'Ångström Drift');
  assert.equal(tags.GENRE, 'Ambient Pad');
});

test('encodeFlac rejects out-of-range samples and unsupported shapes with a clear error', () => {
  assert.throws(() => encodeFlac([Int32Array.of(40000)], 44100, 16), /outside 16-bit range/);
  assert.throws(() => encodeFlac([Int32Array.of(1), Int32Array.of(1, 2)], 44100, 16), /differ in length/);
  assert.throws(() => encodeFlac([Int32Array.of(1)], 44100, 32), /bits per sample/);
});
