import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { MPEGDecoder } from 'mpg123-decoder';
import { parseFile } from 'music-metadata';
import {
  DEMO_ALBUM,
  DEMO_STYLES,
  type DemoTrack,
  HOSTILE_TITLE,
  planDemoLibrary,
  quantize,
  renderDemoAudio,
  synthesizeDemoLibrary,
} from '../../src/demo/index.js';
import { tempDir } from '../helpers.js';
import { styleStats } from './style-stats.js';

/** SHA-256 of every file in a folder, by name. */
function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) out[f] = createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');
  return out;
}

// The default library (50 tracks × 30 s), made once for the checks below.
const fullDir = tempDir('mcp-demo-full-');
let full: { m3uPath: string; tracks: DemoTrack[] };
before(async () => {
  full = await synthesizeDemoLibrary(fullDir);
});

test('default library: 50 tracks of 30 s, 10 per style, each style in several formats, mono+stereo, 32/44.1/48 kHz', () => {
  const { tracks } = full;
  assert.equal(tracks.length, 50);
  const byStyle = new Map<string, DemoTrack[]>();
  for (const t of tracks) byStyle.set(t.style, [...(byStyle.get(t.style) ?? []), t]);
  assert.deepEqual([...byStyle.keys()].sort(), DEMO_STYLES.map((s) => s.id).sort());
  for (const [style, ts] of byStyle) {
    assert.equal(ts.length, 10, style);
    const formats = new Set(ts.map((t) => t.format));
    const encodings = new Set(ts.map((t) => t.encoding));
    assert.ok(formats.size >= 2 && encodings.size >= 4, `${style} spans only ${[...encodings]}`);
  }
  const encodings = new Set(tracks.map((t) => t.encoding));
  assert.deepEqual([...encodings].sort(), ['flac-16', 'mp3-128k', 'wav-float32', 'wav-pcm16', 'wav-pcm24']);
  assert.deepEqual([...new Set(tracks.map((t) => t.sampleRate))].sort(), [32000, 44100, 48000]);
  assert.equal(tracks.filter((t) => t.sampleRate === 32000).length, 2, 'only the mono MP3s are at 32 kHz');
  for (const [style, ts] of byStyle) assert.equal(new Set(ts.map((t) => t.channels)).size, 2, `${style} has mono and stereo`);
  assert.deepEqual([...new Set(tracks.map((t) => t.channels))].sort(), [1, 2]);
  for (const t of tracks) assert.equal(t.durationSec, 30, t.file);
  assert.deepEqual(readdirSync(fullDir).sort(), [...tracks.map((t) => t.file), 'demo.m3u'].sort());
});

test('every file carries its tags as music-metadata reads them (title, artist, album, genre, track, duration, format)', async () => {
  for (const t of full.tracks) {
    const m = await parseFile(t.path);
    assert.equal(m.common.title, t.title, t.file);
    assert.equal(m.common.artist, t.artist, t.file);
    assert.equal(m.common.album, DEMO_ALBUM, t.file);
    assert.equal(m.common.track.no, t.trackNumber, t.file);
    if (t.genre) assert.deepEqual(m.common.genre, [t.genre], t.file);
    else assert.equal(m.common.genre, undefined, t.file);
    assert.equal(m.format.sampleRate, t.sampleRate, t.file);
    assert.equal(m.format.numberOfChannels, t.channels, t.file);
    const dur = m.format.duration ?? 0;
    // MP3 adds the encoder's padding (< 2 frames); the lossless files are exact.
    if (t.format === 'mp3') assert.ok(dur >= 30 && dur < 30.1, `${t.file}: ${dur}`);
    else assert.equal(dur, 30, t.file);
    const container = { wav: 'WAVE', flac: 'FLAC', mp3: 'MPEG' }[t.format];
    assert.equal(m.format.container, container, t.file);
  }
});

test('hostile title and missing genre: one track each, and non-ASCII artists survive every format', async () => {
  const hostile = full.tracks.filter((t) => t.title === HOSTILE_TITLE);
  assert.equal(hostile.length, 1);
  const untagged = full.tracks.filter((t) => t.genre === '');
  assert.equal(untagged.length, 1);
  assert.notEqual(hostile[0], untagged[0]);
  const accented = full.tracks.filter((t) => /[^\x20-\x7e]/.test(t.artist));
  assert.ok(new Set(accented.map((t) => t.format)).size === 3, 'accented artists in wav, flac and mp3');
});

test('demo.m3u lists every track by relative path with #EXTINF lines', () => {
  const text = readFileSync(full.m3uPath, 'utf8');
  const lines = text.trimEnd().split('\n');
  assert.equal(lines[0], '#EXTM3U');
  assert.equal(lines.length, 1 + 2 * full.tracks.length);
  full.tracks.forEach((t, i) => {
    assert.equal(lines[1 + 2 * i], `#EXTINF:30,${t.artist} - ${t.title}`);
    assert.equal(lines[2 + 2 * i], t.file);
    assert.ok(!t.file.includes('/'));
  });
});

test('lossless files hold exactly the synthesised samples (ffmpeg decode of FLAC and WAV 16/24-bit/float)', () => {
  const picks = ['flac-16', 'wav-pcm16', 'wav-pcm24', 'wav-float32'].map((e) => full.tracks.find((t) => t.encoding === e)!);
  for (const t of picks) {
    const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', t.path, '-f', 'f32le', '-'], { maxBuffer: 1 << 30 });
    const got = new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
    assert.equal(got.length, 30 * t.sampleRate * t.channels, t.file);
    const ref = rerender(t);
    let maxErr = 0;
    for (let i = 0; i < got.length; i++) {
      const c = i % t.channels;
      const j = (i - c) / t.channels;
      const want = t.encoding === 'wav-float32' ? ref[c]![j]! : quantize(ref[c]![j]!, t.encoding === 'wav-pcm24' ? 24 : 16) / (t.encoding === 'wav-pcm24' ? 2 ** 23 : 2 ** 15);
      maxErr = Math.max(maxErr, Math.abs(got[i]! - want));
    }
    assert.ok(maxErr <= 1e-7, `${t.file}: max error ${maxErr}`);
  }
});

test('MP3 files decode with ffmpeg and mpg123-decoder to 30 s of audio close to the source level', async () => {
  const mp3s = full.tracks.filter((t) => t.format === 'mp3');
  assert.equal(mp3s.length, 3);
  assert.deepEqual(mp3s.map((t) => t.channels), [2, 1, 1]);
  const dec = new MPEGDecoder();
  await dec.ready;
  for (const t of mp3s) {
    const bytes = new Uint8Array(readFileSync(t.path));
    const out = dec.decode(bytes);
    await dec.reset();
    assert.equal(out.errors.length, 0, `${t.file}: ${JSON.stringify(out.errors)}`);
    assert.equal(out.sampleRate, t.sampleRate);
    assert.ok(out.samplesDecoded >= 30 * t.sampleRate && out.samplesDecoded < 30.1 * t.sampleRate, `${t.file}: ${out.samplesDecoded}`);
    const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', t.path, '-f', 'f32le', '-'], { maxBuffer: 1 << 30 });
    const ff = new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
    assert.ok(Math.abs(ff.length / t.channels - out.samplesDecoded) <= 2304, `${t.file}: ffmpeg ${ff.length} vs mpg123 ${out.samplesDecoded}`);
    const ref = rerender(t);
    for (let c = 0; c < t.channels; c++) {
      let e = 0;
      for (let i = c; i < ff.length; i += t.channels) e += ff[i]! * ff[i]!;
      const src = ref[c]!;
      const eSrc = src.reduce((a, v) => a + v * v, 0);
      const ratio = Math.sqrt((e / (ff.length / t.channels)) / (eSrc / src.length));
      assert.ok(ratio > 0.9 && ratio < 1.1, `${t.file} channel ${c}: decoded RMS / source RMS = ${ratio}`);
      // mpg123-decoder agrees with ffmpeg on the level too.
      const m = out.channelData[c]!;
      const eM = m.reduce((a, v) => a + v * v, 0) / m.length;
      assert.ok(Math.abs(Math.sqrt(eM) / Math.sqrt(e / (ff.length / t.channels)) - 1) < 0.02, `${t.file}: mpg123 vs ffmpeg level`);
    }
  }
  dec.free();
});

/** The audio of a library track, synthesised again from its plan (same seed, rate, channels). */
function rerender(t: DemoTrack): Float32Array[] {
  const plan = planDemoLibrary(fullDir).find((p) => p.index === t.trackNumber - 1)!;
  return renderDemoAudio(DEMO_STYLES[plan.styleIndex]!, plan.seed, plan.sampleRate, plan.durationSec, plan.channels).audio;
}

test('deterministic: the same seed gives byte-identical files, in-process or on workers; another seed differs', async () => {
  const a = tempDir('mcp-demo-a-');
  const b = tempDir('mcp-demo-b-');
  const c = tempDir('mcp-demo-c-');
  const opts = { tracksPerStyle: 2, durationSec: 3 };
  const ra = await synthesizeDemoLibrary(a, { ...opts, workers: 0 });
  await synthesizeDemoLibrary(b, { ...opts, workers: 2 });
  await synthesizeDemoLibrary(c, { ...opts, seed: 2, workers: 0 });
  const ha = hashes(a);
  assert.equal(Object.keys(ha).length, 11);
  assert.deepEqual(hashes(b), ha);
  const hc = hashes(c);
  const differing = Object.keys(ha).filter((f) => f !== 'demo.m3u' && hc[f] !== ha[f]);
  assert.equal(differing.length, 10, 'every audio file changes with the seed');
  assert.equal(ra.tracks.length, 10);
  // The first 10 tracks of the default library are the same music: only their length differs.
  assert.deepEqual(
    ra.tracks.map((t) => [t.style, t.encoding, t.sampleRate, t.channels]),
    full.tracks.slice(0, 10).map((t) => [t.style, t.encoding, t.sampleRate, t.channels]),
  );
});

test('options are checked with clear errors', async () => {
  const d = tempDir('mcp-demo-bad-');
  await assert.rejects(synthesizeDemoLibrary(d, { tracksPerStyle: 0 }), /tracksPerStyle must be a positive integer/);
  await assert.rejects(synthesizeDemoLibrary(d, { sampleRate: 22050 }), /sampleRate must be 32000, 44100 or 48000/);
  await assert.rejects(synthesizeDemoLibrary(d, { durationSec: 0 }), /durationSec/);
});

test('styles separate on simple descriptors: leave-one-out nearest centroid classifies every track', () => {
  // 8 tracks per style, 8 s each, mono at 44.1 kHz, rendered in memory (the files hold the same audio).
  const names = ['rmsDb', 'rmsVar', 'zcr', 'centroidHz', 'flatness', 'flux'] as const;
  const rows: number[][] = [];
  const labels: number[] = [];
  DEMO_STYLES.forEach((st, s) => {
    for (let j = 0; j < 8; j++) {
      const { audio } = renderDemoAudio(st, 5000 + 31 * j + s, 44100, 8, 1);
      const stats = styleStats(audio[0]!, 44100);
      rows.push(names.map((n) => (n === 'centroidHz' ? Math.log(stats[n]) : n === 'flatness' ? Math.log(stats[n] + 1e-6) : stats[n])));
      labels.push(s);
    }
  });
  const d = names.length;
  const mean = Array.from({ length: d }, (_, k) => rows.reduce((a, r) => a + r[k]!, 0) / rows.length);
  const sd = Array.from({ length: d }, (_, k) => Math.sqrt(rows.reduce((a, r) => a + (r[k]! - mean[k]!) ** 2, 0) / rows.length));
  const z = rows.map((r) => r.map((v, k) => (v - mean[k]!) / sd[k]!));
  let wrong = 0;
  z.forEach((x, i) => {
    let best = -1;
    let bestD = Number.POSITIVE_INFINITY;
    for (let s = 0; s < DEMO_STYLES.length; s++) {
      const members = z.filter((_, m) => labels[m] === s && m !== i);
      const c = Array.from({ length: d }, (_, k) => members.reduce((a, r) => a + r[k]!, 0) / members.length);
      const dist = c.reduce((a, v, k) => a + (v - x[k]!) ** 2, 0);
      if (dist < bestD) {
        bestD = dist;
        best = s;
      }
    }
    if (best !== labels[i]) wrong++;
  });
  assert.equal(wrong, 0, `${wrong} of ${z.length} tracks are nearer another style's centre`);
  // And the plainest contrasts hold track by track: pads are the darkest, noise rock the loudest.
  const col = (k: number, s: number) => z.filter((_, i) => labels[i] === s).map((r) => r[k]!);
  const pad = DEMO_STYLES.findIndex((s) => s.id === 'ambient-pad');
  const rock = DEMO_STYLES.findIndex((s) => s.id === 'noise-rock');
  for (let s = 0; s < DEMO_STYLES.length; s++) {
    if (s !== pad) assert.ok(Math.max(...col(3, pad)) < Math.min(...col(3, s)), `pad centroid vs ${DEMO_STYLES[s]!.id}`);
    if (s !== rock) assert.ok(Math.min(...col(0, rock)) > Math.max(...col(0, s)), `rock loudness vs ${DEMO_STYLES[s]!.id}`);
  }
});
