/** The evaluation library: seven Debian game soundtracks, each track labelled by its package. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Where a package keeps its music: the files below `dir` whose names match `pattern`. */
export interface MusicSource {
  name: string;
  dir: string;
  pattern: RegExp;
}

/** Soundtrack packages used for evaluation (never the held-out ones). */
export const EVAL_PACKAGES: MusicSource[] = [
  { name: 'hedgewars-data', dir: '/usr/share/games/hedgewars/Data/Music', pattern: /\.ogg$/ },
  { name: 'supertux-data', dir: '/usr/share/games/supertux2/music', pattern: /\.ogg$/ },
  { name: 'freedroidrpg-data', dir: '/usr/share/freedroidrpg/data/sound/music', pattern: /\.ogg$/ },
  { name: 'xmoto-data', dir: '/usr/share/games/xmoto/Textures/Musics', pattern: /\.ogg$/ },
  { name: 'enigma-data', dir: '/usr/share/games/enigma/music', pattern: /\.ogg$/ },
  { name: 'lincity-ng-data', dir: '/usr/share/games/lincity-ng/music', pattern: /\.ogg$/ },
  { name: 'pingus-data', dir: '/usr/share/games/pingus/data/music', pattern: /\.(it|s3m|xm|mod)$/ },
];

function walk(dir: string, pattern: RegExp, out: string[]): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, pattern, out);
    else if (pattern.test(name)) out.push(p);
  }
  return out;
}

/** A package's music files in path order; an error naming the package when it is not installed. */
export function packageMusic(p: MusicSource): string[] {
  if (!existsSync(p.dir)) throw new Error(`${p.dir} is missing: apt-get install ${p.name}`);
  return walk(p.dir, p.pattern, []);
}

/** Every evaluation track with its package label. */
export function evalLibrary(): { path: string; label: string }[] {
  return EVAL_PACKAGES.flatMap((p) => packageMusic(p).map((path) => ({ path, label: p.name })));
}
