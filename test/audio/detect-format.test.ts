import assert from 'node:assert/strict';
import { openSync, readSync, closeSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { decodeAudio, detectFormat } from '../../src/audio/index.js';
import { requirePath, tempDir } from '../helpers.js';
import { ffmpeg, sine, synthFile, writeWav } from './fixtures.js';

function head(path: string): Uint8Array {
  const b = new Uint8Array(65536);
  const fd = openSync(path, 'r');
  const n = readSync(fd, b, 0, b.length, 0);
  closeSync(fd);
  return b.subarray(0, n);
}

let dir = '';
before(() => {
  dir = tempDir();
});

test('detectFormat: the bytes decide, whatever the file is called', () => {
  const cases: [string, string][] = [
    [synthFile(dir, 'a', 'wav', 1), 'wav'],
    [synthFile(dir, 'b', 'mp3', 1), 'mp3'],
    [synthFile(dir, 'c', 'flac', 1), 'flac'],
    [synthFile(dir, 'd', 'ogg', 1), 'ogg-vorbis'],
    [synthFile(dir, 'e', 'opus', 1), 'ogg-opus'],
    [synthFile(dir, 'f', 'm4a', 1), 'mp4'],
    [synthFile(dir, 'g', 'aiff', 1), 'aiff'],
    [synthFile(dir, 'h', 'wav', 1, 44100, ['-rf64', 'always']), 'wav'],
    [synthFile(dir, 'i', 'mp3', 1, 44100, ['-write_id3v2', '0', '-write_xing', '0']), 'mp3'],
    [writeWav(join(dir, 'ext.wav'), [sine(100, 8000, 0.2)], 8000, 's24', true), 'wav'],
  ];
  // An Opus stream in a file named .mp3 and a FLAC file named .ogg: names do not matter.
  writeFileSync(join(dir, 'opus-named.mp3'), readFileSync(cases[4][0]));
  writeFileSync(join(dir, 'flac-named.ogg'), readFileSync(cases[2][0]));
  cases.push([join(dir, 'opus-named.mp3'), 'ogg-opus'], [join(dir, 'flac-named.ogg'), 'flac']);
  for (const [p, want] of cases) assert.equal(detectFormat(head(p))?.format, want, p);
  // RF64 (ds64 sizes) decodes with the built-in WAV reader.
  assert.ok(readFileSync(cases[7][0]).subarray(0, 4).toString('latin1') === 'RF64');
  // MP2 (layer II) is MPEG audio too, decoded by mpg123.
  ffmpeg(['-f', 'lavfi', '-i', 'sine=d=1', '-c:a', 'mp2', join(dir, 'j.mp2')]);
  assert.equal(detectFormat(head(join(dir, 'j.mp2')))?.format, 'mp2');
});

test('RF64 and MP2 decode with the built-in decoders', async () => {
  const rf64 = synthFile(dir, 'rf', 'wav', 1, 48000, ['-rf64', 'always']);
  const r = await decodeAudio(rf64, { decoder: 'wasm' });
  assert.equal(r.sourceRate, 48000);
  assert.equal(r.samples.length, 22050);
  const mp2 = join(dir, 'k.mp2');
  ffmpeg(['-f', 'lavfi', '-i', 'sine=d=1', '-c:a', 'mp2', mp2]);
  const m = await decodeAudio(mp2, { decoder: 'wasm' });
  assert.equal(m.format, 'mp2');
  assert.ok(Math.abs(m.durationSec - 1) < 0.05, `mp2 duration ${m.durationSec}`);
});

test('detectFormat: ID3-tagged FLAC is FLAC, and the WASM decoder reads it', async () => {
  const flac = readFileSync(synthFile(dir, 'id3src', 'flac', 1));
  // ID3v2.3 header with a 64-byte body (syncsafe size), then the FLAC stream.
  const id3 = Buffer.concat([Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 64]), Buffer.alloc(64)]);
  const p = join(dir, 'id3.flac');
  writeFileSync(p, Buffer.concat([id3, flac]));
  const det = detectFormat(head(p));
  assert.deepEqual(det, { format: 'flac', offset: 74 });
  const r = await decodeAudio(p, { decoder: 'wasm' });
  assert.ok(Math.abs(r.durationSec - 1) < 0.01);
});

test('detectFormat: tracker modules from pingus-data (ffmpeg decodes them)', async () => {
  const s3m = requirePath('/usr/share/games/pingus/data/music/gd-giirm.s3m', 'pingus-data');
  const it = requirePath('/usr/share/games/pingus/data/music/pingus-1.it', 'pingus-data');
  assert.equal(detectFormat(head(s3m))?.format, 's3m');
  assert.equal(detectFormat(head(it))?.format, 'it');
  const r = await decodeAudio(s3m, { decoder: 'ffmpeg' });
  assert.equal(r.format, 's3m');
  assert.ok(r.durationSec > 10);
});

test('detectFormat: text, random bytes and a lone 0xFF are not audio', () => {
  assert.equal(detectFormat(new TextEncoder().encode('hello, this is not audio\n')), undefined);
  let s = 12345;
  const noise = new Uint8Array(65536).map(() => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s >>> 24;
  });
  assert.equal(detectFormat(noise), undefined);
  assert.equal(detectFormat(new Uint8Array([0xff, 0xfb, 0x90])), undefined);
  assert.equal(detectFormat(new Uint8Array(0)), undefined);
});
