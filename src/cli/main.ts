#!/usr/bin/env node
/**
 * Command-line entry point. `mir-cluster-playlist <command> [options]`, git-style; the seed's flat
 * interface (`--extract-in-playlist lib.m3u --out-dir out/`) is the `run` command.
 * Each command lives in ./commands/<name>.js and exports `main(args: string[]): Promise<number>`.
 */
import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WriteError } from '../util/atomic-write.js';
import { errorText } from './error-text.js';
import { toolVersion } from './version.js';

const COMMANDS: Record<string, string> = {
  run: 'analyse, cluster and write playlists, plots and the report (the seed interface)',
  analyze: 'analyse tracks into the feature store, in parallel, resumable',
  cluster: 'cluster stored features and write playlists, plots and the report',
  features: 'print the named feature values of audio files, folders or playlists',
  similar: '"more like this": the nearest tracks to one or more seed tracks',
  path: 'a playlist that moves gradually from one track to another',
  export: 'write the stored feature matrix as CSV or JSON',
  demo: 'synthesise a demo library and run the whole pipeline on it',
};

/** Other spellings users type for a command (the tool itself writes "analyse"). */
const ALIASES: Record<string, string> = { analyse: 'analyze' };

/** Edit distance (insertions, deletions, substitutions) between two short words. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The command a mistyped word most likely meant, if one is within two edits. */
export function suggestCommand(word: string): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of Object.keys(COMMANDS)) {
    const d = editDistance(word.toLowerCase(), name);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}


function usage(): string {
  const lines = [
    'usage: mir-cluster-playlist <command> [options]',
    '       mir-cluster-playlist LIBRARY... [options]     (= run: folders, playlists, audio files; - for stdin)',
    '       mir-cluster-playlist --extract-in-playlist LIB.m3u --out-dir OUT [options]',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([k, v]) => `  ${k.padEnd(10)} ${v}`),
    '',
    "run 'mir-cluster-playlist help <command>' (or '<command> -h') for a command's options",
  ];
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help') {
    if (first === undefined) {
      process.stderr.write(`${usage()}\n`);
      return 2;
    }
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  if (first === '--version' || first === '-V') {
    process.stdout.write(`mir-cluster-playlist ${toolVersion()}\n`);
    return 0;
  }
  if (first === 'help') {
    // `help` alone is the overview; `help run` is `run -h`.
    if (rest[0] === undefined) {
      process.stdout.write(`${usage()}\n`);
      return 0;
    }
    return main([rest[0], '--help']);
  }
  // The seed's interface: options only, no command word. A library given without a command word
  // (`npx mir-cluster-playlist ~/Music`) is `run` too; command words win over same-named folders.
  const bareLibrary = !(first in COMMANDS) && !(first in ALIASES) && existsSync(first);
  const [typed, args] = first.startsWith('-') || bareLibrary ? ['run', argv] : [first, rest];
  const name = ALIASES[typed] ?? typed;
  if (!(name in COMMANDS)) {
    if (/[/\\]|\.(m3u8?|mp3|flac|ogg|opus|m4a|wav)$/i.test(name)) {
      process.stderr.write(`mir-cluster-playlist: no such file or folder: ${name}\n`);
      return 2;
    }
    const guess = suggestCommand(name);
    const hint = guess ? ` (did you mean '${guess}'?)` : '';
    process.stderr.write(`mir-cluster-playlist: unknown command '${name}'${hint}\n${usage()}\n`);
    return 2;
  }
  const file = new URL(`./commands/${name}.js`, import.meta.url);
  if (!existsSync(fileURLToPath(file))) {
    process.stderr.write(`mir-cluster-playlist: command '${name}' is not available in this build\n`);
    return 2;
  }
  const mod = (await import(file.href)) as { main(args: string[]): Promise<number> };
  return mod.main(args);
}

// Run only when executed (also through npm's bin symlink), not when imported by tests.
const invoked = process.argv[1] ? realpathSync(process.argv[1]) : '';
if (invoked === realpathSync(fileURLToPath(import.meta.url))) {
  // `features DIR --csv | head`: the reader has all it wants once it closes the pipe, so stop
  // quietly, as Unix tools do, instead of dying on the next write with a stack trace. Any other
  // failure to write (`> file` on a full disk) is one line.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    process.stderr.write(`mir-cluster-playlist: ${new WriteError('standard output', err).message}\n`);
    process.exit(1);
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`mir-cluster-playlist: ${errorText(err)}\n`);
      if (process.env.MCP_DEBUG) console.error(err);
      process.exitCode = 1;
    },
  );
}
