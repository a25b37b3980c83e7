/**
 * One file analysed on the main thread, outside any store, exactly as the workers analyse a library
 * track: for `similar`/`path` seeds that are not in the library.
 */
import { statSync } from 'node:fs';
import { type DecoderChoice, decodeAudio, readTags, type TrackTags } from '../audio/index.js';
import { audioSignature } from '../dsp/index.js';
import { extractFeatures, FEATURES_VERSION, type FeatureSetName, isFeatureSetName } from '../features/index.js';
import { fingerprintFile, parseSettingsKey, type StoredTrack } from '../store/index.js';
import { checkHeaderFits, checkTrackFits } from './memory-gate.js';

/** Why a file cannot be analysed under a store's settings (not a decoding or analysis failure). */
export class SettingsMismatchError extends Error {}

/**
 * The stored-track record `path` would get under `settingsKey` (set, sample rate, decoder, features
 * version). Throws DecodeError or AnalysisError (one line naming the file) when the audio fails, and
 * SettingsMismatchError when this release cannot reproduce the key's analyses.
 */
export async function analyseFile(path: string, settingsKey: string): Promise<StoredTrack> {
  const s = parseSettingsKey(settingsKey);
  const set = s.set ?? '';
  if (!isFeatureSetName(set)) throw new SettingsMismatchError(`settings '${settingsKey}' name no known feature set`);
  if (Number(s.fv) !== FEATURES_VERSION) {
    // Values of two feature versions are not comparable: the new track would land in the wrong place.
    throw new SettingsMismatchError(
      `the store's analyses are features version ${s.fv} and this release computes version ${FEATURES_VERSION}; run 'mir-cluster-playlist analyze' on the library again first`,
    );
  }
  const sampleRate = Number(s.sr) || 22050;
  const decoder = (['auto', 'wasm', 'ffmpeg'].includes(s.dec ?? '') ? s.dec : 'auto') as DecoderChoice;
  const st = statSync(path);
  let tags: TrackTags = {};
  try {
    tags = await readTags(path);
  } catch {
    // Tags are optional, as in the workers.
  }
  checkHeaderFits(tags.durationSec, st.size);
  const audio = await decodeAudio(path, { decoder, sampleRate });
  checkTrackFits(audio.durationSec);
  const values = extractFeatures(audio.samples, audio.sampleRate, set as FeatureSetName).values;
  return {
    path,
    size: st.size,
    mtimeMs: st.mtimeMs,
    fingerprint: fingerprintFile(path),
    tags,
    durationSec: audio.durationSec,
    settingsKey,
    featuresVersion: FEATURES_VERSION,
    values,
    signature: audioSignature(audio.samples, audio.sampleRate),
  };
}
