/**
 * Demo-library synthesis speed: CPU per style (rendering) and per encoding, in-process, then the
 * whole default library on worker threads (wall and CPU).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEMO_STYLES,
  encodeFlac,
  encodeMp3,
  encodeWav,
  planDemoLibrary,
  quantize,
  renderDemoAudio,
  synthesizeDemoLibrary,
  type WavEncoding,
} from '../src/demo/index.js';

const cpuMs = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-bench-demo-'));
  try {
    const cost = new Map<string, { ms: number; n: number }>();
    const add = (k: string, ms: number): void => {
      const e = cost.get(k) ?? { ms: 0, n: 0 };
      e.ms += ms;
      e.n++;
      cost.set(k, e);
    };
    for (const p of planDemoLibrary(dir)) {
      const style = DEMO_STYLES[p.styleIndex]!;
      let t = cpuMs();
      const { audio } = renderDemoAudio(style, p.seed, p.sampleRate, p.durationSec, p.channels);
      add(`render ${style.id}`, cpuMs() - t);
      t = cpuMs();
      const tags = { title: 't', artist: 'a', album: 'b', genre: 'g' };
      if (p.encoding === 'flac-16') {
        const ints = audio.map((c) => {
          const a = new Int32Array(c.length);
          for (let i = 0; i < c.length; i++) a[i] = quantize(c[i]!, 16);
          return a;
        });
        encodeFlac(ints, p.sampleRate, 16);
      } else if (p.encoding === 'mp3-128k') {
        encodeMp3(audio, p.sampleRate, tags);
      } else {
        encodeWav(audio, p.sampleRate, p.encoding.slice(4) as WavEncoding, tags, 'info');
      }
      add(`encode ${p.encoding}${p.encoding === 'mp3-128k' ? ` ${p.channels}ch ${p.sampleRate / 1000} kHz` : ''}`, cpuMs() - t);
    }
    let total = 0;
    for (const [k, { ms, n }] of cost) {
      total += ms;
      console.log(`${k.padEnd(34)} ${n} tracks, ${(ms / n).toFixed(0).padStart(5)} ms CPU per 30 s track`);
    }
    console.log(`in-process total: ${(total / 1000).toFixed(1)} s CPU for ${planDemoLibrary(dir).length} tracks (render + encode, no writes)`);
    rmSync(dir, { recursive: true, force: true });
    const c0 = cpuMs();
    const t0 = performance.now();
    const { tracks } = await synthesizeDemoLibrary(dir);
    console.log(
      `synthesizeDemoLibrary (default workers): ${tracks.length} files in ${((performance.now() - t0) / 1000).toFixed(1)} s wall, ${((cpuMs() - c0) / 1000).toFixed(1)} s CPU`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
