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

/**
 * The stderr line for a track that decoded but not plainly: which decoder stepped in for ffmpeg, and
 * any damage skipped, as one line; undefined for a clean decode.
 */
export function decodeNoteLine(path: string, warnings: readonly string[], ffmpegRefused: string | undefined): string | undefined {
  const said = [
    ...(ffmpegRefused !== undefined ? [`read by the built-in decoder: ffmpeg refused it (${ffmpegRefused})`] : []),
    ...(warnings.length > 0 ? [`decoded with damage: ${warnings.join('; ')}`] : []),
  ];
  return said.length > 0 ? `${path}: ${said.join('; ')}` : undefined;
}

/** The stderr line for a failure: `<path>: <stage> failed: <reason>`. */
export function failureLine(path: string, stage: string, reason: string): string {
  return `${path}: ${stage} failed: ${reason}`;
}

// Errors whose cause lies outside the file's bytes: permissions (chmod leaves the mtime as it was),
// a network share or a drive that dropped out, a machine out of file handles or processes. Such a
// failure says nothing about the track, so it must not be remembered as the file's own.
const PASSING_CODES = new Set([
  'EACCES', 'EPERM', 'EIO', 'ENOENT', 'ENXIO', 'ENODEV', 'ESTALE', 'ETIMEDOUT', 'ENOTCONN', 'EHOSTDOWN',
  'EHOSTUNREACH', 'ENETDOWN', 'ENETUNREACH', 'ECONNRESET', 'ECONNABORTED', 'EAGAIN', 'EBUSY', 'EINTR',
  'EMFILE', 'ENFILE', 'ENOMEM', 'ENOBUFS',
]);
// The same causes as the one-line reasons say them: ours, Node's and ffmpeg's (strerror) wording.
const PASSING_REASON =
  /permission denied|operation not permitted|file not found|no such file|i\/o error|input\/output error|stale file handle|connection timed out|not connected|no such device|host is down|network is (down|unreachable)|connection reset|temporarily unavailable|too many open files|cannot allocate memory|spawn E[A-Z]+/i;

/** True when a stored failure's reason blames the machine or its file system, not the file. */
export function isPassingReason(reason: string): boolean {
  return PASSING_REASON.test(reason);
}

/**
 * True when `err` (or an error it wraps) comes from the file system or the machine rather than the
 * file's content: the next run should try the file again instead of reporting it failed as before.
 */
export function isPassingFailure(err: unknown): boolean {
  let e = err as { code?: unknown; reason?: unknown; message?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 8; depth++, e = e.cause as typeof e) {
    if (typeof e.code === 'string' && PASSING_CODES.has(e.code)) return true;
    const text = typeof e.reason === 'string' ? e.reason : typeof e.message === 'string' ? e.message : '';
    if (isPassingReason(text)) return true;
  }
  return false;
}
