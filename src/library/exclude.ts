import { homedir } from 'node:os';

/** Why an `--exclude` pattern cannot be used. */
export class ExcludePatternError extends Error {}

/**
 * A test for paths that `--exclude` patterns leave out of a library, case-insensitively:
 * - a pattern without `/` is a name: any folder or file of that name, at any depth (`Podcasts`,
 *   `*.m4b`, `*(live)*`);
 * - a pattern with `/` is a run of path components (`Music/Audiobooks`, `Demos/*.wav`), found at
 *   any depth unless it starts with `/` or `~/`, which anchor it at the root or the home folder.
 * A matching folder takes everything under it. `*` stands for any characters within one component,
 * `**` for any run of components, `?` for one character; everything else, brackets included (common
 * in album names), is itself.
 */
export function excludeTest(patterns: readonly string[]): ((absolutePath: string) => boolean) | undefined {
  if (patterns.length === 0) return undefined;
  const res = patterns.map((p) => {
    let pat = p.trim().replace(/\/+$/, '');
    if (pat === '' || pat === '~') throw new ExcludePatternError(`--exclude: empty pattern '${p}'`);
    if (pat.startsWith('~/')) pat = homedir() + pat.slice(1);
    const anchored = pat.startsWith('/');
    let body = '';
    const parts = (anchored ? pat.slice(1) : pat).split('/');
    parts.forEach((part, i) => {
      if (part === '**') {
        // any run of components, none included: `a/**/b` matches `a/b`
        body += i === parts.length - 1 ? '(?:/.*)?' : i === 0 ? '(?:[^/]+/)*' : '(?:/[^/]+)*/';
        return;
      }
      if (i > 0 && parts[i - 1] !== '**') body += '/';
      body += part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*+/g, '[^/]*').replace(/\?/g, '[^/]');
    });
    return new RegExp(`${anchored ? '^/' : '(?:^|/)'}${body}(?:/|$)`, 'i');
  });
  return (path) => res.some((re) => re.test(path));
}
