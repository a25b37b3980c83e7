// Bad input gives one DecodeError line (path + reason, stage 'decode'), with either decoder.
// Tests run as root here, so chmod 000 would not stop reading: "unreadable" is covered by a folder
// named like an audio file and by a dangling symbolic link, which nobody can read as audio.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { DecodeError, decodeAudio } from '../../src/audio/index.js';
import { readLibrary } from '../../src/library/index.js';
import { tempDir } from '../helpers.js';
import { sine, synthFile, writeSilentWav, writeWav } from './fixtures.js';

let dir = '';
before(() => {
  dir = tempDir();
});

async function decodeFails(path: string, reason: RegExp): Promise<void> {
  for (const decoder of ['wasm', 'ffmpeg'] as const) {
    await assert.rejects(decodeAudio(path, { decoder }), (e: unknown) => {
      assert.ok(e instanceof DecodeError, `${decoder}: not a DecodeError: ${e}`);
      assert.equal(e.stage, 'decode');
      assert.equal(e.path, path);
      assert.match(e.reason, reason, `${decoder}: ${e.reason}`);
      assert.equal(e.message, `${path}: decode failed: ${e.reason}`);
      assert.ok(!/[\r\n]/.test(e.message), 'one line');
      return true;
    });
  }
}

test('a 0-byte file', async () => {
  const p = join(dir, 'empty.mp3');
  writeFileSync(p, '');
  await decodeFails(p, /^empty file \(0 bytes\)$/);
});

test('a truncated MP3 (a real MP3 cut in half)', async () => {
  const full = readFileSync(synthFile(dir, 'whole', 'mp3', 6));
  const p = join(dir, 'cut.mp3');
  writeFileSync(p, full.subarray(0, full.length >> 1));
  await decodeFails(p, /^truncated: 2\.\d+ s decoded of the 6\.0\d s its header announces$/);
  // Cut inside the first frames: still "truncated", never a crash.
  const q = join(dir, 'stub.mp3');
  writeFileSync(q, full.subarray(0, 1500));
  await decodeFails(q, /^truncated|^no audio could be decoded/);
});

test('truncated FLAC and Ogg Vorbis files', async () => {
  const flac = readFileSync(synthFile(dir, 'whole', 'flac', 6));
  writeFileSync(join(dir, 'cut.flac'), flac.subarray(0, flac.length >> 1));
  await decodeFails(join(dir, 'cut.flac'), /^truncated: /);
  const ogg = readFileSync(synthFile(dir, 'whole', 'ogg', 6));
  writeFileSync(join(dir, 'cut.ogg'), ogg.subarray(0, ogg.length >> 1));
  await decodeFails(join(dir, 'cut.ogg'), /^truncated: the last Ogg page is cut off \(\d+\.\d+ s decoded\)$/);
});

test('a WAV whose header announces far more data than the file holds', async () => {
  const p = writeWav(join(dir, 'short.wav'), [sine(440, 44100, 1)], 44100, 's16');
  const bytes = readFileSync(p);
  bytes.writeUInt32LE(0x7ffffff0, 40); // data chunk size: about 6 hours of 16-bit mono
  writeFileSync(p, bytes);
  await decodeFails(p, /^truncated: 1\.00 s decoded of the 24347\.\d+ s its header announces$/);
});

test('a text file named .mp3', async () => {
  const p = join(dir, 'notes.mp3');
  writeFileSync(p, 'These are my notes.\nNot music at all.\n');
  await decodeFails(p, /^not an audio file \(it holds text: "These are my notes\. Not…"\)$/);
});

test('random bytes named .flac', async () => {
  const p = join(dir, 'noise.flac');
  let s = 99;
  const noise = new Uint8Array(50000).map(() => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s >>> 24;
  });
  writeFileSync(p, noise);
  await decodeFails(p, /^unrecognised audio format \(first bytes [0-9a-f ]+\)/);
});

test('unreadable: a folder named x.flac, a dangling symlink, a missing file', async () => {
  const folder = join(dir, 'x.flac');
  mkdirSync(folder);
  await decodeFails(folder, /^is a folder, not an audio file$/);
  const link = join(dir, 'gone.ogg');
  symlinkSync(join(dir, 'no-such-target.ogg'), link);
  await decodeFails(link, /^dangling symbolic link/);
  await decodeFails(join(dir, 'missing.wav'), /^file not found$/);
});

test('all-silent audio decodes to zeros (the analysis stage, not decode, rejects it)', async () => {
  const p = writeSilentWav(join(dir, 'silence.wav'), 2);
  for (const decoder of ['wasm', 'ffmpeg'] as const) {
    const r = await decodeAudio(p, { decoder });
    assert.equal(r.samples.length, 44100);
    assert.ok(r.samples.every((v) => v === 0));
  }
});

test('a missing path in a playlist is a library problem, not a track', async () => {
  const ok = synthFile(dir, 'fine', 'ogg', 1);
  const pl = join(dir, 'list.m3u');
  writeFileSync(pl, `#EXTM3U\nfine.ogg\nnot-there.mp3\n`);
  const { tracks, problems } = await readLibrary([pl]);
  assert.deepEqual(
    tracks.map((t) => t.path),
    [ok],
  );
  assert.deepEqual(problems, [{ path: join(dir, 'not-there.mp3'), reason: `file not found (line 3 of ${pl})` }]);
});

test('a format that needs ffmpeg names the missing tool', async () => {
  const m4a = synthFile(dir, 'aac', 'm4a', 1);
  await assert.rejects(decodeAudio(m4a, { ffmpegPath: join(dir, 'no-ffmpeg-here') }), (e: unknown) => {
    assert.ok(e instanceof DecodeError);
    assert.equal(e.reason, 'MP4/M4A (AAC or ALAC) audio needs ffmpeg, which is not on the PATH (install ffmpeg)');
    return true;
  });
  await assert.rejects(decodeAudio(m4a, { decoder: 'wasm' }), /has no built-in decoder; it needs ffmpeg/);
  await assert.rejects(
    decodeAudio(m4a, { decoder: 'ffmpeg', ffmpegPath: join(dir, 'no-ffmpeg-here') }),
    /the ffmpeg decoder was requested but .* is not available/,
  );
  // With ffmpeg absent, 'auto' falls back to the built-in decoders for the formats they cover.
  const ogg = synthFile(dir, 'fallback', 'ogg', 1);
  const r = await decodeAudio(ogg, { ffmpegPath: join(dir, 'no-ffmpeg-here') });
  assert.equal(r.decoder, 'wasm');
  const auto = await decodeAudio(m4a);
  assert.equal(auto.decoder, 'ffmpeg');
});

test('a video without sound says so (not ffmpeg\'s advice about its command line); a video with sound gives its sound', async () => {
  const mute = join(dir, 'mute.mp4');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=duration=2:size=64x64:rate=10', '-c:v', 'mpeg4', mute]);
  await assert.rejects(decodeAudio(mute, { decoder: 'ffmpeg' }), (e: unknown) => e instanceof DecodeError && e.reason === 'no audio stream in the file (a video without sound?)');
  const film = join(dir, 'film.mp4');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=duration=3:size=64x64:rate=10', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=3', '-c:v', 'mpeg4', '-c:a', 'aac', film]);
  const a = await decodeAudio(film);
  assert.ok(Math.abs(a.durationSec - 3) < 0.1, `${a.durationSec} s`);
});
