/**
 * What a command prints when its arguments are wrong: one line naming the problem, one pointing at
 * the command's help. Node's own parseArgs messages are long and, for a mistyped option, suggest
 * quoting it as a positional; a user who typed `--out` wants to hear about `--out-dir`.
 */

type OptionTable = Readonly<Record<string, unknown>>;

/** The two stderr lines for a usage error of `command` ('' for the flat interface), newline-terminated. */
export function usageErrorLines(command: string, err: unknown, options?: OptionTable): string {
  const prefix = command === '' ? 'mir-cluster-playlist' : `mir-cluster-playlist ${command}`;
  const message = explainArgumentError(err, options);
  const help = command === '' ? "run 'mir-cluster-playlist --help' for the options" : `run 'mir-cluster-playlist ${command} -h' for the options`;
  return `${prefix}: ${message}\n${help}\n`;
}

/** The error's message, with parseArgs' unknown-option and unexpected-argument messages made short and given a suggestion. */
export function explainArgumentError(err: unknown, options?: OptionTable): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: string } | null)?.code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const given = /^Unknown option '([^']+)'/.exec(message)?.[1];
    if (given === undefined) return message;
    const guess = options === undefined ? undefined : closestOption(given, options);
    return guess === undefined ? `unknown option '${given}'` : `unknown option '${given}' (did you mean ${guess}?)`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    // Node's three lines for `--seed -1`: the value looks like an option
    const name = /^Option '([^']+)' argument is ambiguous/.exec(message)?.[1];
    if (name !== undefined) return `${name} needs a value, and the word after it starts with a dash: write ${name}=VALUE for a value that does`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const given = /^Unexpected argument '([^']*)'/.exec(message)?.[1];
    if (given !== undefined) return `unexpected argument '${given}': this command takes only options`;
  }
  return message;
}

/** The known long option `given` most likely meant: one it abbreviates, else one within an edit or two (by length); undefined when none or several tie. */
export function closestOption(given: string, options: OptionTable): string | undefined {
  const word = given.replace(/^-+/, '').split('=')[0] ?? '';
  if (word === '') return undefined;
  const names = Object.keys(options);
  const extending = names.filter((n) => n.startsWith(word));
  if (extending.length === 1) return `--${extending[0]}`;
  if (extending.length > 1) return undefined;
  // one slip in a short word, two in a longer one: 'count' is not a misspelt 'out'
  let best: string | undefined;
  let bestDistance = word.length < 6 ? 2 : 3;
  let tied = false;
  for (const name of names) {
    const d = editDistance(word, name);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
      tied = false;
    } else if (d === bestDistance) {
      tied = true;
    }
  }
  return best === undefined || tied ? undefined : `--${best}`;
}

/** Edit distance counting an insertion, deletion, substitution or swap of neighbours as one (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const above = rows[i - 1] ?? [];
      let d = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}
