#!/usr/bin/env node
/**
 * Command-line entry point. `mir-cluster-playlist <command> [options]`, git-style; the seed's flat
 * interface (`--extract-in-playlist lib.m3u --out-dir out/`) is the `run` command.
 * Each command lives in ./commands/<name>.js and exports `main(args: string[]): Promise<number>`.
 */
import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const COMMANDS: Record<string, string> = {
  run: 'analyse, cluster and write playlists, plots and the report (the seed interface)',
  analyze: 'analyse tracks into the feature store, in parallel, resumable',
  cluster: 'cluster stored features and write playlists, plots and the report',
  features: 'print the named feature values of audio files',
  similar: '"more like this": the nearest tracks to one or more seed tracks',
  path: 'a playlist that moves gradually from one track to another',
  export: 'write the stored feature matrix as CSV or JSON',
  demo: 'synthesise a demo library and run the whole pipeline on it',
};

function usage(): string {
  const lines = [
    'usage: mir-cluster-playlist <command> [options]',
    '       mir-cluster-playlist --extract-in-playlist LIB.m3u --out-dir OUT [options]',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([k, v]) => `  ${k.padEnd(10)} ${v}`),
    '',
    "run 'mir-cluster-playlist <command> -h' for a command's options",
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
    process.stdout.write('mir-cluster-playlist 0.1.0\n');
    return 0;
  }
  // The seed's interface: options only, no command word.
  const [name, args] = first.startsWith('-') ? ['run', argv] : [first, rest];
  if (!(name in COMMANDS)) {
    process.stderr.write(`mir-cluster-playlist: unknown command '${name}'\n${usage()}\n`);
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
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`mir-cluster-playlist: ${err instanceof Error ? err.message : String(err)}\n`);
      if (process.env.MCP_DEBUG) console.error(err);
      process.exitCode = 1;
    },
  );
}
