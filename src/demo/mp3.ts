import { Mp3Encoder } from '@breezystack/lamejs';
import { type DemoTags, id3v23 } from './id3.js';
import { quantize } from './wav.js';

/**
 * An MP3 file (CBR `kbps`, encoded by the pure-JS LAME port) prefixed with an ID3v2.3 tag.
 * `channels` are floats in [-1, 1]; one or two channels; 32, 44.1 or 48 kHz.
 */
export function encodeMp3(channels: Float32Array[], sampleRate: number, tags: DemoTags, kbps = 128): Uint8Array {
  const nCh = channels.length;
  if (nCh < 1 || nCh > 2) throw new Error(`encodeMp3: ${nCh} channels (1 or 2 supported)`);
  const n = channels[0]!.length;
  const pcm = channels.map((c) => {
    const a = new Int16Array(n);
    for (let i = 0; i < n; i++) a[i] = quantize(c[i]!, 16);
    return a;
  });
  const enc = new Mp3Encoder(nCh, sampleRate, kbps);
  const parts: Uint8Array[] = [id3v23(tags)];
  const frame = 1152;
  for (let i = 0; i < n; i += frame) {
    const l = pcm[0]!.subarray(i, i + frame);
    const out = nCh === 2 ? enc.encodeBuffer(l, pcm[1]!.subarray(i, i + frame)) : enc.encodeBuffer(l);
    if (out.length) parts.push(new Uint8Array(out));
  }
  const tail = enc.flush();
  if (tail.length) parts.push(new Uint8Array(tail));
  return Buffer.concat(parts);
}
