/** A track that could not be decoded; `message` is one line: `<path>: decode failed: <reason>`. */
export class DecodeError extends Error {
  readonly stage = 'decode' as const;
  readonly path: string;
  readonly reason: string;

  constructor(path: string, reason: string, options?: { cause?: unknown }) {
    // One line, always: decoder messages sometimes carry newlines.
    reason = reason.replace(/\s*[\r\n]+\s*/g, '; ');
    super(`${path}: decode failed: ${reason}`, options);
    this.name = 'DecodeError';
    this.path = path;
    this.reason = reason;
  }
}
