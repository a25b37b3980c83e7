/** One CSV field per RFC 4180: quoted (with inner quotes doubled) when it holds a comma, quote, CR or LF. */
export function csvField(v: string | number | undefined | null): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (v === Number.POSITIVE_INFINITY) return 'Inf';
    if (v === Number.NEGATIVE_INFINITY) return '-Inf';
    // Shortest text that reads back as the same double.
    return String(v);
  }
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One CSV record terminated by CRLF (RFC 4180). */
export function csvRow(fields: readonly (string | number | undefined | null)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}
