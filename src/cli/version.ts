import { readFileSync } from 'node:fs';

/** This release's version, from package.json. */
export function toolVersion(): string {
  // dist/src/cli/version.js and src/cli/version.ts both sit three levels below the package root.
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
