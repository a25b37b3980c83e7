// Damaged files through the built-in (WebAssembly) decoders: one line per file on stderr, worded
// as ffmpeg's damage is. The decoder packages print their own complaints to the console as well,
// several lines for each damaged frame (`@wasm-audio-decoders/flac: \n\tError: …\n\tState: …`,
// `libopus -4 OPUS_INVALID_PACKET: …`, `mpg123-decoder: …`); those are dropped.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decoderMessage } from '../../src/audio/wasm-decode.js';
import { lastWords } from '../../src/audio/ffmpeg.js';
import { startCli } from '../analysis/child-cli.js';
import { tempDir } from '../helpers.js';
import { soundtrackExcerpt } from './fixtures.js';

/** `file` with `n` bytes overwritten every `step` bytes from the middle on. */
function scatter(file: string, n: number, step: number): void {
  const b = Buffer.from(readFileSync(file));
  const from = Math.floor(b.length / 2);
  for (let i = 0; i < n; i++) b[from + i * step] = (i * 97 + 13) & 0xff;
  writeFileSync(file, b);
}

/** `file` with 4 KiB of zeros in the middle, as a bad sector leaves it. */
function zeroed(file: string): void {
  const b = Buffer.from(readFileSync(file));
  b.fill(0, Math.floor(b.length / 2), Math.floor(b.length / 2) + 4096);
  writeFileSync(file, b);
}

/** `file` with a stretch of its middle written twice, as a bad copy leaves it. */
function doubled(file: string): void {
  const b = readFileSync(file);
  const p = Math.floor(b.length / 2);
  writeFileSync(file, Buffer.concat([b.subarray(0, p), b.subarray(p - 9000, p), b.subarray(p)]));
}

test('damaged MP3, FLAC, Ogg Vorbis and Opus files through the built-in decoders: one line each, none of the decoders’ own', async () => {
  const dir = tempDir('mcp-wasm-damage-');
  const files = [
    soundtrackExcerpt(dir, 'a', 'mp3', 8, 10),
    soundtrackExcerpt(dir, 'b', 'opus', 8, 20),
    soundtrackExcerpt(dir, 'c', 'ogg', 8, 30),
    soundtrackExcerpt(dir, 'd', 'flac', 8, 40),
  ];
  zeroed(files[0]!);
  scatter(files[1]!, 200, 13);
  doubled(files[2]!);
  // A FLAC file cut short: libFLAC complains of a missing frame, and the decode says truncated.
  writeFileSync(files[3]!, readFileSync(files[3]!).subarray(0, Math.floor(readFileSync(files[3]!).length * 0.6)));
  const run = startCli(['analyze', dir, '--db', join(dir, 'f.sqlite'), '--decoder', 'wasm', '--json', '--concurrency', '1']);
  assert.equal((await run.exited).code, 0, run.stderr());
  const result = JSON.parse(run.stdout()) as { failed: number; damaged: number };
  const lines = run
    .stderr()
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('analyse:'));
  // every line names a file, its stage and the reason
  for (const l of lines) assert.match(l, new RegExp(`^${dir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/[a-d]\\.(mp3|opus|ogg|flac): (decode failed|decoded with damage): \\S`), l);
  assert.equal(lines.length, result.failed + result.damaged);
  assert.equal(lines.length, 4, lines.join('\n'));
  const said = lines.join('\n');
  assert.match(said, /\/a\.mp3: decoded with damage: damaged data skipped by the built-in decoder \(\d+ decoding errors?; first: an MPEG frame that could not be decoded \(MPG123_\w+\)\)/);
  // Ogg files: where the damage falls decides between a page dropped for its checksum (truncated)
  // and a packet the decoder refuses (damage), so only their one line is checked above.
  assert.match(said, /\/d\.flac: decode failed: truncated: [\d.]+ s decoded of the 8\.00 s its header announces/);
  assert.doesNotMatch(run.stderr(), /@wasm-audio-decoders|libopus -|mpg123-decoder|\tState:/);
});

test('decoderMessage words the decoders’ codes; lastWords keeps ffmpeg’s last complaints once', () => {
  assert.equal(decoderMessage(' vorbis_synthesisOV_ENOTAUDIO the packet is not an audio packet.'), 'the packet is not an audio packet (OV_ENOTAUDIO)');
  assert.equal(decoderMessage('_headerin vorbis_synthesisOV_EBADHEADER there was an error interpreting the packet.'), 'there was an error interpreting the packet (OV_EBADHEADER)');
  assert.equal(decoderMessage('_init vorbis_synthesisUnknown Error'), 'an unreadable Vorbis packet');
  assert.equal(decoderMessage('libopus -4 OPUS_INVALID_PACKET: The compressed data passed is corrupted'), 'the compressed data passed is corrupted (OPUS_INVALID_PACKET)');
  assert.equal(decoderMessage('-1 MPG123_ERR'), 'an MPEG frame that could not be decoded (MPG123_ERR)');
  assert.equal(
    decoderMessage('Error: FLAC__STREAM_DECODER_ERROR_STATUS_LOST_SYNC; State: FLAC__STREAM_DECODER_READ_FRAME'),
    'lost sync (FLAC__STREAM_DECODER_ERROR_STATUS_LOST_SYNC)',
  );
  assert.equal(decoderMessage('something else entirely'), 'something else entirely');
  assert.equal(lastWords(['Header processing failed: Invalid data found when processing input', 'Invalid data found when processing input']), 'Header processing failed: Invalid data found when processing input');
  assert.equal(lastWords(['CRC mismatch!', 'Last message repeated 3 times', 'End of file']), 'CRC mismatch!; End of file');
  assert.equal(lastWords(['moov atom not found', 'Invalid data found when processing input']), 'moov atom not found; Invalid data found when processing input');
  assert.equal(lastWords([]), '');
});
