import { XMLValidator } from 'fast-xml-parser';

/** Null when `xml` is well-formed XML, else a one-line reason (validator + XML's 5 entities only). */
export function xmlProblem(xml: string): string | null {
  const v = XMLValidator.validate(xml);
  if (v !== true) return `${v.err.code} at ${v.err.line}:${v.err.col}: ${v.err.msg}`;
  // The validator accepts any &name; — XML itself only defines these five (plus numeric refs).
  const outsideCdata = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  const bad = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.exec(outsideCdata);
  if (bad) return `undefined entity or bare & near: ${outsideCdata.slice(bad.index, bad.index + 20)}`;
  return null;
}
