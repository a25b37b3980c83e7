import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeAudio } from '../../src/audio/index.js';
import {
  audioSignature,
  compareSignatures,
  SAME_RECORDING_MAX_BER,
  sameRecording,
  signatureStartSec,
} from '../../src/dsp/signature.js';
import { ffmpeg, SOUNDTRACK_OGG } from '../audio/fixtures.js';
import { requirePath, tempDir } from '../helpers.js';

/** Decodes `path` as the analysis does (22,050 Hz mono) and signs it. */
async function signed(path: string): Promise<{ sig: Uint8Array; samples: Float32Array }> {
  const a = await decodeAudio(path, { sampleRate: 22050 });
  return { sig: audioSignature(a.samples, a.sampleRate), samples: a.samples };
}

const SECOND_TRACK = '/usr/share/games/hedgewars/Data/Music/Rock.ogg';

test('the stretch a signature covers starts 10 s in, and moves continuously to 0 s for short tracks', () => {
  assert.equal(signatureStartSec(300), 10);
  assert.equal(signatureStartSec(35), 10);
  assert.equal(signatureStartSec(25), 5);
  assert.equal(signatureStartSec(15), 0);
  assert.equal(signatureStartSec(3), 0);
});

test('re-encodings of a real track are the same recording; another track, a quieter copy and a short clip are not', async () => {
  const src = requirePath(SOUNDTRACK_OGG, 'hedgewars-data');
  const other = requirePath(SECOND_TRACK, 'hedgewars-data');
  const dir = tempDir();
  // 60 s of the soundtrack as the "original", then lossy encodes of it at everyday bitrates
  const orig = join(dir, 'orig.flac');
  ffmpeg(['-t', '60', '-i', src, '-c:a', 'flac', orig]);
  const encodes: Record<string, string[]> = {
    'mp3-128k.mp3': ['-c:a', 'libmp3lame', '-b:a', '128k'],
    'aac-128k.m4a': ['-c:a', 'aac', '-b:a', '128k'],
    'opus-64k.opus': ['-c:a', 'libopus', '-b:a', '64k'],
  };
  const a = await signed(orig);
  for (const [name, codec] of Object.entries(encodes)) {
    ffmpeg(['-i', orig, ...codec, join(dir, name)]);
    const b = await signed(join(dir, name));
    const m = compareSignatures(a.sig, b.sig)!;
    assert.ok(m.bitErrorRate < 0.15, `${name}: ${m.bitErrorRate}`);
    assert.ok(m.frames > 600, `${name}: ${m.frames} frames compared`);
    assert.equal(sameRecording(a.sig, b.sig), true, name);
    assert.equal(sameRecording(b.sig, a.sig), true, `${name}, the other way round`);
  }
  // 46 ms of silence in front (a codec's or a ripper's offset): still found, two frames late
  const late = join(dir, 'late.flac');
  ffmpeg(['-i', orig, '-af', 'adelay=46:all=1', '-c:a', 'flac', late]);
  const l = await signed(late);
  assert.equal(sameRecording(a.sig, l.sig), true);
  assert.equal(compareSignatures(a.sig, l.sig)!.shift, 2);
  // another piece of the same soundtrack: about half the bits differ
  const o = join(dir, 'other.flac');
  ffmpeg(['-t', '60', '-i', other, '-c:a', 'flac', o]);
  const ob = await signed(o);
  const mo = compareSignatures(a.sig, ob.sig)!;
  assert.ok(mo.bitErrorRate > 0.4, `another track: ${mo.bitErrorRate}`);
  assert.equal(sameRecording(a.sig, ob.sig), false);
  // two pieces on one backing track (the same 40 s under another piece at half level each), as a
  // game's tracks built on one loop: about a fifth of the bits differ, and they stay two tracks
  const mixes = ['Rock', 'City'].map((name) => {
    const out = join(dir, `over-${name}.flac`);
    const other = requirePath(`/usr/share/games/hedgewars/Data/Music/${name}.ogg`, 'hedgewars-data');
    ffmpeg(['-t', '60', '-i', src, '-t', '60', '-i', other, '-filter_complex', "[0:a][1:a]amix=inputs=2:weights='1 0.5':normalize=0", '-c:a', 'flac', out]);
    return out;
  });
  const [m1, m2] = [await signed(mixes[0]!), await signed(mixes[1]!)];
  const shared = compareSignatures(m1.sig, m2.sig)!.bitErrorRate;
  assert.ok(shared > 0.18 && shared < 0.4, `one backing, two pieces: ${shared}`);
  assert.equal(sameRecording(m1.sig, m2.sig), false);
  // the same recording 3 dB quieter is another master, not a re-encoding
  const quiet = join(dir, 'quiet.flac');
  ffmpeg(['-i', orig, '-af', 'volume=-3dB', '-c:a', 'flac', quiet]);
  const q = await signed(quiet);
  assert.ok(compareSignatures(a.sig, q.sig)!.bitErrorRate < SAME_RECORDING_MAX_BER);
  assert.equal(sameRecording(a.sig, q.sig), false);
  // a 1.5 s clip has too few frames to tell: left to the content fingerprint
  const clip = audioSignature(a.samples.subarray(0, Math.round(1.5 * 22050)), 22050);
  assert.equal(sameRecording(clip, clip), false);
});

test('silence and foreign bytes are never the same recording', () => {
  const silent = audioSignature(new Float32Array(22050 * 20), 22050);
  assert.equal(sameRecording(silent, silent), false);
  assert.equal(compareSignatures(silent, silent), undefined, 'no frame is loud enough to compare');
  const noise = new Float32Array(22050 * 20);
  let x = 1;
  for (let i = 0; i < noise.length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    noise[i] = x / 2147483648 - 0.5;
  }
  const sig = audioSignature(noise, 22050);
  assert.equal(sameRecording(sig, sig), true, 'a signature matches itself');
  assert.equal(sameRecording(sig, Uint8Array.from([9, ...sig.subarray(1)])), false, 'unknown format version');
  assert.equal(sameRecording(sig, sig.subarray(0, sig.length - 1)), false, 'truncated');
  assert.equal(compareSignatures(sig, new Uint8Array(0)), undefined);
});
