/**
 * A second labelled library for `npm run eval -- --library`: the music of fourteen other Debian game
 * packages, never used by the evaluation library, the tests or the held-out check.
 *
 *   apt-get install warmux-data starfighter-data extremetuxracer-data marsshooter-data amoebax-data \
 *     btanks-data noiz2sa-data lugaru-data tumiki-fighters-data torus-trooper-data gunroar-data \
 *     parsec47-data titanion-data rrootage-data
 *   node dist/scripts/other-soundtracks.js other14.csv            # all fourteen, k = 14
 *   node dist/scripts/other-soundtracks.js other7.csv --largest 7 # the seven with most tracks, k = 7
 *   npm run eval -- --library other7.csv
 *
 * Only each game's music: its music folder, or the named music files where a game keeps them among
 * its sound effects (ambient loops and effects would make the packages easy to tell apart).
 */
import { writeFileSync } from 'node:fs';
import { csvRow } from '../src/store/csv.js';
import { type MusicSource, packageMusic } from './eval-lib.js';

export const OTHER_PACKAGES: MusicSource[] = [
  { name: 'warmux-data', dir: '/usr/share/games/warmux/music', pattern: /\.ogg$/ },
  { name: 'starfighter-data', dir: '/usr/share/starfighter/music', pattern: /\.ogg$/ },
  { name: 'extremetuxracer-data', dir: '/usr/share/games/etr/music', pattern: /\.ogg$/ },
  { name: 'marsshooter-data', dir: '/usr/share/games/marsshooter/audio/music', pattern: /\.ogg$/ },
  { name: 'amoebax-data', dir: '/usr/share/games/amoebax/music', pattern: /\.ogg$/ },
  { name: 'btanks-data', dir: '/usr/share/games/btanks/data/tunes', pattern: /\.ogg$/ },
  { name: 'noiz2sa-data', dir: '/usr/share/games/noiz2sa/sounds', pattern: /\.ogg$/ },
  { name: 'tumiki-fighters-data', dir: '/usr/share/games/tumiki-fighters/sounds', pattern: /\.ogg$/ },
  { name: 'lugaru-data', dir: '/usr/share/games/lugaru/Sounds', pattern: /^Music.*\.ogg$/ },
  { name: 'torus-trooper-data', dir: '/usr/share/games/torus-trooper/sounds/musics', pattern: /\.ogg$/ },
  { name: 'gunroar-data', dir: '/usr/share/games/gunroar/sounds/musics', pattern: /\.ogg$/ },
  { name: 'parsec47-data', dir: '/usr/share/games/parsec47/sounds', pattern: /\.ogg$/ },
  { name: 'titanion-data', dir: '/usr/share/games/titanion/sounds/musics', pattern: /\.ogg$/ },
  { name: 'rrootage-data', dir: '/usr/share/games/rrootage/sounds', pattern: /\.ogg$/ },
];

/** The packages' music as path,label rows; with `largest`, only the packages with most tracks (ties by name). */
export function otherSoundtracks(largest = Number.POSITIVE_INFINITY): { path: string; label: string }[] {
  const groups = OTHER_PACKAGES.map((p) => ({ name: p.name, paths: packageMusic(p) }));
  groups.sort((a, b) => b.paths.length - a.paths.length || (a.name < b.name ? -1 : 1));
  return groups.slice(0, largest).flatMap((g) => g.paths.map((path) => ({ path, label: g.name })));
}

const [out, flag, count] = process.argv.slice(2);
if (out === undefined || (flag !== undefined && (flag !== '--largest' || !(Number(count) >= 2)))) {
  console.error('usage: node dist/scripts/other-soundtracks.js OUT.csv [--largest N]');
  process.exit(2);
}
const rows = otherSoundtracks(flag === undefined ? undefined : Number(count));
writeFileSync(out, csvRow(['path', 'label']) + rows.map((r) => csvRow([r.path, r.label])).join(''));
const labels = new Set(rows.map((r) => r.label));
console.log(`${out}: ${rows.length} tracks of ${labels.size} packages (${[...labels].join(', ')})`);
