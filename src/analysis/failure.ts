/** The stage and a one-line reason for an error thrown while analysing `path`. */
export function failureOf(err: unknown, fallbackStage: string, path: string): { stage: string; reason: string } {
  const e = err as { stage?: unknown; reason?: unknown; code?: unknown; message?: unknown };
  // DecodeError ('decode') and AnalysisError ('analysis') carry their stage and a bare reason.
  const stage = typeof e?.stage === 'string' ? e.stage : fallbackStage;
  let reason: string;
  if (typeof e?.reason === 'string') reason = e.reason;
  else if (e?.code === 'ENOENT') reason = 'file not found';
  else if (e?.code === 'EACCES' || e?.code === 'EPERM') reason = 'permission denied';
  else if (e?.code === 'EISDIR') reason = 'is a folder';
  else reason = typeof e?.message === 'string' ? e.message : String(err);
  // Keep it one line and without a repeated path prefix.
  if (reason.startsWith(`${path}: `)) reason = reason.slice(path.length + 2);
  reason = reason.replace(/\s*\n\s*/g, ' ').trim() || 'unknown error';
  return { stage, reason };
}

/** The stderr line for a failure: `<path>: <stage> failed: <reason>`. */
export function failureLine(path: string, stage: string, reason: string): string {
  return `${path}: ${stage} failed: ${reason}`;
}
