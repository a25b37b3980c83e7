export { damagedStoreError, FeatureStore } from './feature-store.js';
export { FINGERPRINT_CHUNK, fingerprintFile } from './fingerprint.js';
export { MIGRATIONS, migrate, SCHEMA_VERSION, StoreError } from './schema.js';
export type { Migration } from './schema.js';
export { mostAnalysedKey, parseSettingsKey, settingsKey } from './settings.js';
export type { AnalysisSettings } from './settings.js';
export type {
  ErrorRecord,
  FailureStage,
  FeatureMatrix,
  LookupCheck,
  Probe,
  StoredError,
  StoredTrack,
  TrackMeta,
  TrackTags,
} from './types.js';
export { csvField, csvRow } from './csv.js';
