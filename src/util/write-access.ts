import { accessSync, constants } from 'node:fs';

/**
 * Whether this process may write in `path` (a file or a folder): 'ok', 'read-only' (a read-only
 * file system), 'denied' (permissions), or the errno code of any other refusal. Callers word it.
 */
export function writeAccess(path: string): 'ok' | 'read-only' | 'denied' | string {
  try {
    accessSync(path, constants.W_OK);
    return 'ok';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'EROFS' ? 'read-only' : code === 'EACCES' || code === 'EPERM' ? 'denied' : String(code);
  }
}
