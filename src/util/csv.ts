/**
 * RFC 4180 records of `text`: comma-separated fields (or `separator`-separated), a field in double quotes may hold commas,
 * line breaks and doubled quotes (""), records end at CRLF or LF. A quote that does not start a
 * field is an ordinary character. Each record comes with the 1-based line it starts on;
 * `unclosed` is true when the text ends inside a quoted field (its last record is then kept as read).
 */
export function csvRecords(text: string, separator = ','): { records: { line: number; fields: string[] }[]; unclosed: boolean } {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (ch === '\n') line++;
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === separator) {
      fields.push(field);
      field = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      fields.push(field);
      records.push({ line: start, fields });
      fields = [];
      field = '';
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      start = ++line;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || fields.length > 0 || quoted) {
    fields.push(field);
    records.push({ line: start, fields });
  }
  return { records, unclosed: quoted };
}

/**
 * The field separator of a CSV file as a spreadsheet saved it: a comma, or the semicolon that
 * LibreOffice and Excel write where the decimal mark is a comma, or a tab. The one that splits the
 * first lines (up to 20) into the same number of fields, at least two, wins, commas first.
 */
export function sniffSeparator(text: string): string {
  for (const sep of [',', ';', '\t']) {
    const counts = csvRecords(text.slice(0, 64 * 1024), sep)
      .records.slice(0, 20)
      .filter((r) => r.fields.length > 1 || r.fields[0] !== '')
      .map((r) => r.fields.length);
    if (counts.length > 0 && counts[0]! >= 2 && counts.every((c) => c === counts[0])) return sep;
  }
  return ',';
}

/** `csvRecords` of a file a spreadsheet may have saved again: without a byte-order mark, its separator sniffed. */
export function spreadsheetCsvRecords(text: string): { records: { line: number; fields: string[] }[]; unclosed: boolean } {
  const t = text.replace(/^\uFEFF/, '');
  return csvRecords(t, sniffSeparator(t));
}
