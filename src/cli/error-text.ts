import { damagedStoreError } from '../store/index.js';

/** The one line a command prints for an error that ends it: a damaged store named, with what to do. */
export function errorText(err: unknown): string {
  const store = damagedStoreError(err);
  if (store) return store.message;
  return err instanceof Error ? err.message : String(err);
}
