import type { PlaylistEntry } from './playlist-text.js';

/**
 * Reads a PLS playlist (`[playlist]`, `File1=…`, `Title1=…`, as Winamp and internet radios write
 * them) into entries ordered by their number; `Length`, `NumberOfEntries` and `Version` are ignored.
 */
export function parsePls(text: string): PlaylistEntry[] {
  const byNumber = new Map<number, { file?: { value: string; line: number }; title?: string }>();
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*(file|title)(\d+)\s*=(.*)$/i.exec(lines[i]!);
    if (!m) continue;
    const n = Number(m[2]);
    const value = m[3]!.trim();
    const slot = byNumber.get(n) ?? {};
    // A number given twice: the first line wins, as it does for a path listed twice.
    if (m[1]!.toLowerCase() === 'file') slot.file ??= { value, line: i + 1 };
    else if (value !== '') slot.title ??= value;
    byNumber.set(n, slot);
  }
  const out: PlaylistEntry[] = [];
  for (const n of [...byNumber.keys()].sort((a, b) => a - b)) {
    const { file, title } = byNumber.get(n)!;
    if (!file || file.value === '') continue;
    out.push(title === undefined ? { entry: file.value, line: file.line } : { entry: file.value, line: file.line, title });
  }
  return out;
}
