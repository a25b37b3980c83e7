export { type DecodedAudio, type DecodeOptions, type DecoderChoice, decodeAudio } from './decode.js';
export { type DetectedFormat, detectFormat, WASM_FORMATS } from './detect-format.js';
export { DecodeError } from './errors.js';
export { DamageLog, ffmpegAvailable, ffmpegKind } from './ffmpeg.js';
export { readTags, type TrackTags } from './tags.js';
export { audioPayloadPrint } from './payload-print.js';
export { downmix } from './mono-sink.js';
export { DEFAULT_RESAMPLER_DESIGN, type ResamplerDesign, resample, resamplerTaps, StreamingResampler } from './resample.js';
