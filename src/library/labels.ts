/**
 * Reference labels from outside the audio: the name of each track's folder (the layout of GTZAN and
 * most MIR datasets, `genres/blues/blues.00000.wav`) or a CSV file of path,label rows.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { spreadsheetCsvRecords } from '../util/csv.js';
import { decodePlaylistText } from './playlist-text.js';

/** Where the labels that score the clusters (and colour the plots) come from. */
export type LabelSource = { kind: 'genre' } | { kind: 'folder' } | { kind: 'csv'; path: string };

/** A label file that cannot be used; the message names the file (and line) and the reason. */
export class LabelFileError extends Error {}

/** `genre` (the tags), `folder`, or the path of a CSV file. */
export function parseLabelSource(v: string): LabelSource {
  if (v === 'genre' || v === 'folder') return { kind: v };
  return { kind: 'csv', path: resolve(v) };
}

/** What the labels are called in messages, plots and the report: genre, folder or label. */
export function labelNoun(source: LabelSource): string {
  return source.kind === 'csv' ? 'label' : source.kind;
}

/** The name of the folder that holds the file. */
export function folderLabel(trackPath: string): string {
  return basename(dirname(resolve(trackPath)));
}

/**
 * The key a path has in `readLabelsCsv`'s map: composed Unicode, so that a CSV written with `é`
 * labels a file copied from macOS as `e` + U+0301, and the other way round.
 */
export function labelKey(absolutePath: string): string {
  return absolutePath.normalize('NFC');
}

/**
 * Absolute path (as `labelKey`) → label from a CSV file whose rows are `path,label` (further columns ignored; a
 * first row `path,label` is a header). Relative paths are relative to the CSV's folder; an empty
 * label leaves the track unlabelled. One path given two different labels is an error.
 */
export function readLabelsCsv(file: string): Map<string, string> {
  let text: string;
  try {
    // Spreadsheets save CSV as UTF-8 with a BOM, UTF-16 or Windows-1252: read it as a playlist is read.
    text = decodePlaylistText(readFileSync(file));
  } catch (e) {
    throw new LabelFileError(`${file}: cannot read the label file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  // `path;label` from a spreadsheet where the decimal mark is a comma reads as well
  const { records, unclosed } = spreadsheetCsvRecords(text);
  if (unclosed) throw new LabelFileError(`${file}: line ${records.at(-1)!.line}: a quoted field is not closed`);
  // blank lines are not rows
  const rows = records.filter((r) => r.fields.length > 1 || r.fields[0] !== '');
  const first = rows[0]?.fields.map((f) => f.trim().toLowerCase());
  if (first?.[0] === 'path' && first[1] === 'label') rows.shift();
  const base = dirname(resolve(file));
  const labels = new Map<string, string>();
  for (const { line, fields } of rows) {
    if (fields.length < 2) throw new LabelFileError(`${file}: line ${line}: expected path,label, got one field`);
    if (fields[0]!.trim() === '') throw new LabelFileError(`${file}: line ${line}: the path is empty`);
    const path = labelKey(resolve(base, fields[0]!.trim()));
    const label = fields[1]!.trim();
    const before = labels.get(path);
    if (before !== undefined && before !== label) {
      throw new LabelFileError(`${file}: line ${line}: ${fields[0]!.trim()} is labelled both '${before}' and '${label}'`);
    }
    labels.set(path, label);
  }
  if (labels.size === 0) throw new LabelFileError(`${file}: no path,label rows`);
  return labels;
}
