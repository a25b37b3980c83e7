/**
 * Analysis benchmarks: end-to-end throughput (decode + tags + features + store, through the
 * worker pool) with 1 and 2 workers on real music, and the cost of a fully cached re-run of a
 * 10,000-track library. `npm run bench` calls run(); `node dist/bench/analysis.js` runs it alone.
 * MCP_BENCH_ANALYSIS_TRACKS=N limits the real tracks used; MCP_BENCH_ANALYSIS_SET picks the set;
 * MCP_BENCH_ANALYSIS_CACHED=N sets the size of the cached library (default 10000).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeLibrary } from '../src/analysis/index.js';
import { audioPayloadPrint } from '../src/audio/index.js';
import { csvChunks, jsonChunks } from '../src/cli/commands/export.js';
import { writeChunksAtomic } from '../src/util/atomic-write.js';
import type { FeatureSetName } from '../src/features/index.js';
import type { TrackRef } from '../src/library/index.js';
import { FeatureStore, fingerprintFile } from '../src/store/index.js';

const MUSIC_DIRS = ['/usr/share/games/hedgewars/Data/Music', '/usr/share/games/xmoto/Textures/Musics'];
// librosa 0.11 CPU seconds per minute of audio, one process (shared/bench/reference.json).
const LIBROSA_LOAD_S_PER_MIN = 0.179;
const LIBROSA_SET_S_PER_MIN: Record<string, number> = { blog: 0.497, readme: 3.599 };

function realTracks(): TrackRef[] {
  const paths: string[] = [];
  for (const d of MUSIC_DIRS) {
    if (!existsSync(d)) throw new Error(`${d} is missing: install hedgewars-data and xmoto-data`);
    for (const f of readdirSync(d).sort()) if (f.endsWith('.ogg')) paths.push(join(d, f));
  }
  const n = Number(process.env.MCP_BENCH_ANALYSIS_TRACKS ?? paths.length);
  return paths.slice(0, n).map((path) => ({ path, entry: path }));
}

/** CPU seconds used so far by this process (all threads) and its waited-for children (ffmpeg). */
function cpuSeconds(): number {
  const own = process.cpuUsage();
  let children = 0;
  try {
    // /proc/self/stat fields 16 and 17: cutime and cstime in clock ticks (100 per second on Linux).
    const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    children = (Number(f[13]) + Number(f[14])) / 100;
  } catch {
    // not Linux: children not counted
  }
  return (own.user + own.system) / 1e6 + children;
}

function sec(ms: number): string {
  return (ms / 1000).toFixed(2);
}

export async function run(): Promise<void> {
  const set = (process.env.MCP_BENCH_ANALYSIS_SET ?? 'blog') as FeatureSetName;
  const tracks = realTracks();
  const tmp = mkdtempSync(join(tmpdir(), 'mcp-bench-analysis-'));
  try {
    console.log(`${tracks.length} real tracks (hedgewars + xmoto, Ogg Vorbis), feature set '${set}', decoder auto`);
    let audioSec = 0;
    let keyFor = '';
    const dbPath = join(tmp, 'features.sqlite');
    for (const concurrency of [1, 2]) {
      rmSync(dbPath, { force: true });
      rmSync(`${dbPath}-wal`, { force: true });
      rmSync(`${dbPath}-shm`, { force: true });
      const store = FeatureStore.open(dbPath);
      const t0 = performance.now();
      const c0 = cpuSeconds();
      const r = await analyzeLibrary(tracks, { store, set, concurrency, cache: 'off', decoder: 'auto' });
      const wall = performance.now() - t0;
      const cpu = cpuSeconds() - c0;
      store.close();
      if (r.failures.length > 0) console.log(`  failures: ${JSON.stringify(r.failures)}`);
      audioSec = r.analysed.reduce((s, t) => s + t.durationSec, 0);
      keyFor = r.settingsKey;
      const minutes = audioSec / 60;
      const rt = audioSec / (wall / 1000);
      console.log(
        `  ${concurrency} worker${concurrency > 1 ? 's' : ' '}: ${r.fresh} tracks, ${(audioSec / 60).toFixed(1)} min of audio in ${sec(wall)} s` +
          ` = ${((r.fresh / wall) * 60000).toFixed(1)} tracks/min, ${rt.toFixed(1)}x real time`,
      );
      const t = r.timings;
      console.log(
        `     per minute of audio (wall in workers): decode ${(t.decodeMs / 1000 / minutes).toFixed(3)} s, features ${(t.featuresMs / 1000 / minutes).toFixed(3)} s, tags ${(t.tagsMs / 1000 / minutes).toFixed(3)} s; store writes ${t.storeMs.toFixed(0)} ms in all`,
      );
      const ref = LIBROSA_SET_S_PER_MIN[set];
      const cpuPerMin = cpu / minutes;
      console.log(
        `     CPU (all threads + ffmpeg children): ${cpuPerMin.toFixed(3)} s per minute of audio` +
          (ref === undefined
            ? ''
            : `; librosa load + ${set} set: ${(LIBROSA_LOAD_S_PER_MIN + ref).toFixed(3)} s -> librosa/ours ${((LIBROSA_LOAD_S_PER_MIN + ref) / cpuPerMin).toFixed(2)}x`),
      );
      if (concurrency === 1 && ref !== undefined) {
        const librosaRt = 60 / (LIBROSA_LOAD_S_PER_MIN + ref);
        console.log(
          `     librosa reference (load + ${set} set, 1 process, CPU time): ${librosaRt.toFixed(1)}x real time -> ours/librosa (wall) ${(rt / librosaRt).toFixed(2)}`,
        );
      }
    }

    // Fully cached re-run of the same tracks.
    {
      const store = FeatureStore.open(dbPath);
      const t0 = performance.now();
      const r = await analyzeLibrary(tracks, { store, set, concurrency: 2, cache: 'auto', decoder: 'auto' });
      console.log(`  cached re-run of the ${tracks.length} tracks ('auto'): ${r.reused} reused in ${(performance.now() - t0).toFixed(1)} ms`);
      store.close();
    }

    // The same tracks retagged (copies, recognised by content, then `vorbiscomment -a` on each):
    // only the tags are read again.
    {
      const retagDir = join(tmp, 'retag');
      mkdirSync(retagDir);
      const copies = tracks.map((t, i) => {
        const p = join(retagDir, `${String(i).padStart(3, '0')}.ogg`);
        copyFileSync(t.path, p);
        return { path: p, entry: p };
      });
      const store = FeatureStore.open(dbPath);
      await analyzeLibrary(copies, { store, set, concurrency: 2, cache: 'auto', decoder: 'auto' });
      const tagged = copies.every((c) => spawnSync('vorbiscomment', ['-a', '-t', 'GENRE=Retagged', c.path]).status === 0);
      if (!tagged) console.log('  retagged re-run: not measured (vorbiscomment, from vorbis-tools, is not installed)');
      else {
        const t0 = performance.now();
        const r = await analyzeLibrary(copies, { store, set, concurrency: 2, cache: 'auto', decoder: 'auto' });
        console.log(
          `  re-run after retagging all ${copies.length} tracks (vorbiscomment -a): ${r.retagged} retagged, ${r.fresh} analysed again, in ${(performance.now() - t0).toFixed(0)} ms`,
        );
      }
      store.close();
    }

    // 10,000 cached tracks: symlinks (own paths, real files behind them) with stored rows.
    const N = Number(process.env.MCP_BENCH_ANALYSIS_CACHED ?? 10_000);
    const linkDir = join(tmp, 'links');
    mkdirSync(linkDir);
    const big = join(tmp, 'big.sqlite');
    {
      const src = FeatureStore.open(dbPath);
      const m = src.matrix(keyFor);
      src.close();
      const fps = new Map(m.tracks.map((t) => [t.path, fingerprintFile(t.path)]));
      // Rows as this release stores them, prints included (rows without would get theirs first).
      const prints = new Map(m.tracks.map((t) => [t.path, audioPayloadPrint(t.path) ?? '']));
      const store = FeatureStore.open(big);
      const t0 = performance.now();
      store.db.transaction(() => {
        for (let i = 0; i < N; i++) {
          const k = i % m.rows;
          const real = m.tracks[k]!;
          const link = join(linkDir, `${String(i).padStart(5, '0')}.ogg`);
          symlinkSync(real.path, link);
          const st = statSync(link);
          store.putValues(
            {
              path: link,
              size: st.size,
              mtimeMs: st.mtimeMs,
              fingerprint: fps.get(real.path)!,
              audioPrint: prints.get(real.path)!,
              tags: { title: real.title, artist: real.artist, genre: real.genre },
              durationSec: real.durationSec,
              settingsKey: keyFor,
              featuresVersion: Number(/fv=(\d+)/.exec(keyFor)![1]),
            },
            m.names,
            m.data.slice(k * m.cols, (k + 1) * m.cols),
          );
        }
      })();
      console.log(`  built a ${N}-track store (${m.cols} features per track) in ${sec(performance.now() - t0)} s`);
      store.close();
    }
    const links: TrackRef[] = readdirSync(linkDir)
      .sort()
      .map((f) => ({ path: join(linkDir, f), entry: f }));
    for (const cache of ['auto', 'trust'] as const) {
      const store = FeatureStore.open(big);
      const t0 = performance.now();
      const r = await analyzeLibrary(links, { store, set, concurrency: 2, cache, decoder: 'auto' });
      const wall = performance.now() - t0;
      store.close();
      console.log(
        `  ${N} cached tracks re-checked ('${cache}', values loaded): ${r.reused} reused, ${r.fresh} analysed in ${sec(wall)} s (target < 10 s)`,
      );
    }
    {
      const store = FeatureStore.open(big);
      const t0 = performance.now();
      const m = store.matrix(keyFor);
      console.log(`  store.matrix(): ${m.rows} x ${m.cols} loaded in ${(performance.now() - t0).toFixed(0)} ms`);
      store.close();
      for (const [name, chunks] of [
        ['CSV', csvChunks(m)],
        ['JSON', jsonChunks(m)],
      ] as const) {
        const file = join(tmp, `export.${name.toLowerCase()}`);
        const t1 = performance.now();
        writeChunksAtomic(file, chunks);
        console.log(`  export ${name} of ${m.rows} tracks: ${(statSync(file).size / 1e6).toFixed(0)} MB in ${(performance.now() - t1).toFixed(0)} ms`);
      }
    }
    // The same through the command line, process start to exit (folder scan, store open, errors.csv).
    const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
    const t0 = performance.now();
    const p = spawnSync(process.execPath, [cli, 'analyze', linkDir, '--db', big, '--out-dir', join(tmp, 'out'), '--set', set, '--json'], {
      encoding: 'utf8',
    });
    const wall = performance.now() - t0;
    const summary = p.status === 0 ? (JSON.parse(p.stdout) as { reused: number; analysed: number }) : undefined;
    console.log(
      `  CLI 'analyze' of the ${N}-track folder, all cached: ${summary ? `${summary.reused} reused, ${summary.analysed} analysed` : `exit ${p.status}: ${p.stderr}`} in ${sec(wall)} s`,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
