export { encodeFlac, pcmMd5, type FlacEncodeOptions } from './flac.js';
export { type DemoTags, id3v23 } from './id3.js';
export {
  DEMO_ALBUM,
  DEMO_STYLES,
  type DemoEncoding,
  type DemoOptions,
  type DemoStyle,
  type DemoTrack,
  type DemoTrackPlan,
  HOSTILE_TITLE,
  planDemoLibrary,
  renderDemoAudio,
  synthesizeDemoLibrary,
  writeDemoTrack,
} from './library.js';
export { encodeMp3 } from './mp3.js';
export { encodeWav, quantize, type WavEncoding, type WavTagStyle } from './wav.js';
