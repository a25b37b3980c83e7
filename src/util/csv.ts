/**
 * RFC 4180 records of `text`: comma-separated fields, a field in double quotes may hold commas,
 * line breaks and doubled quotes (""), records end at CRLF or LF. A quote that does not start a
 * field is an ordinary character. Each record comes with the 1-based line it starts on;
 * `unclosed` is true when the text ends inside a quoted field (its last record is then kept as read).
 */
export function csvRecords(text: string): { records: { line: number; fields: string[] }[]; unclosed: boolean } {
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
    } else if (ch === ',') {
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
