import type { FileHandle } from 'node:fs/promises';
import type { MonoSink } from './mono-sink.js';

/** The common shape of the @wasm-audio-decoders results. */
interface Decoded {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
  errors: { message: string }[];
}

/** The common shape of the streaming decoders (decode may be sync or async; flush is optional). */
interface StreamDecoder {
  ready: Promise<void>;
  decode(data: Uint8Array): Decoded | Promise<Decoded>;
  flush?: () => Promise<Decoded>;
  free(): void;
}

// MP3 frames are small; a quarter MiB keeps each decoded block (≈ 6 s of stereo float) modest.
// Ogg Vorbis and Opus too: a MiB of either decodes to ~1 minute of stereo float, 20+ MB of arrays
// per call for the garbage collector; with a quarter MiB, City/Rock.ogg took 5-7 % less CPU (three
// A/B rounds after a warm-up; the samples are identical). FLAC keeps the MiB (seconds of audio).
const CHUNK_BYTES: Record<string, number> = { mp3: 1 << 18, mp2: 1 << 18, mp1: 1 << 18, 'ogg-vorbis': 1 << 18, 'ogg-opus': 1 << 18 };
const DEFAULT_CHUNK = 1 << 20;

// The decoder packages print what goes wrong to the console as well (`@wasm-audio-decoders/flac: \n\t
// Error: …\n\tState: …`, `mpg123-decoder: …`), several lines for every damaged frame. They also
// return it, and the decode reports it in the file's one line, so their own lines are dropped.
const DECODER_CONSOLE = /^(@wasm-audio-decoders\/|mpg123-decoder: |ogg-opus-decoder: |libopus -?\d+ )/;
let consoleQuieted = false;

function quietDecoderConsole(): void {
  if (consoleQuieted) return;
  consoleQuieted = true;
  for (const level of ['error', 'warn'] as const) {
    const write = console[level].bind(console);
    console[level] = (...args: unknown[]): void => {
      if (typeof args[0] === 'string' && DECODER_CONSOLE.test(args[0])) return;
      write(...args);
    };
  }
}

async function makeDecoder(format: string): Promise<StreamDecoder> {
  quietDecoderConsole();
  switch (format) {
    case 'mp3':
    case 'mp2':
    case 'mp1': {
      const { MPEGDecoder } = await import('mpg123-decoder');
      return new MPEGDecoder() as unknown as StreamDecoder;
    }
    case 'flac': {
      const { FLACDecoder } = await import('@wasm-audio-decoders/flac');
      return new FLACDecoder() as unknown as StreamDecoder;
    }
    case 'ogg-vorbis': {
      const { OggVorbisDecoder } = await import('@wasm-audio-decoders/ogg-vorbis');
      return new OggVorbisDecoder() as unknown as StreamDecoder;
    }
    case 'ogg-opus': {
      const { OggOpusDecoder } = await import('ogg-opus-decoder');
      return new OggOpusDecoder() as unknown as StreamDecoder;
    }
    default:
      throw new Error(`no built-in decoder for ${format}`);
  }
}

/** Result of a streaming WASM decode. */
export interface WasmDecodeResult {
  /** Distinct decoder error messages (corrupt frames etc.), at most a few, as `decoderMessage` words them. */
  errors: string[];
  /** How many errors the decoder reported in all, not counting `headerErrors`. */
  errorCount: number;
  /**
   * Complaints about header packets while the Vorbis decoder was being set up (`…_headerin…`), as
   * `decoderMessage` words them. They cost no audio: the decoder files them under the first audio
   * packet, which it still decodes (a stream that repeats its headers decodes bit for bit as the
   * same stream without the repeat). When no audio comes, they are the reason.
   */
  headerErrors: string[];
  /** Error text that stops decoding (e.g. a sample-rate change), if any. */
  fatal?: string;
}

// @wasm-audio-decoders/ogg-vorbis hands header packets to vorbis_synthesis_headerin only while it
// sets up, so such a message is about a header (a repeated or extra one when audio follows), never
// about an audio packet; it sits in the first audio packet's error list only because the error
// buffer is read there.
const VORBIS_SETUP_COMPLAINT = /_headerin/;

/**
 * Feeds the file to the format's WASM decoder in chunks, from byte `offset` on; each decoded block
 * goes straight to the sink (downmix + resample), so native-rate audio never accumulates.
 */
export async function decodeWithWasm(fh: FileHandle, fileSize: number, format: string, sink: MonoSink): Promise<WasmDecodeResult> {
  const dec = await makeDecoder(format);
  await dec.ready;
  const errors = new Set<string>();
  const headerErrors = new Set<string>();
  let errorCount = 0;
  let fatal: string | undefined;
  const take = (r: Decoded): void => {
    for (const e of r.errors ?? []) {
      if (VORBIS_SETUP_COMPLAINT.test(e.message)) {
        if (headerErrors.size < 5) headerErrors.add(decoderMessage(e.message));
        continue;
      }
      errorCount++;
      if (errors.size < 5) errors.add(decoderMessage(e.message));
    }
    if (r.samplesDecoded > 0 && fatal === undefined) fatal = sink.push(r.channelData, r.samplesDecoded, r.sampleRate);
  };
  try {
    const chunk = CHUNK_BYTES[format] ?? DEFAULT_CHUNK;
    const buf = new Uint8Array(chunk);
    // ID3v2 tags before MP3/FLAC are left in: the decoders skip them, and mpg123 reads gapless info there.
    for (let pos = 0; pos < fileSize && fatal === undefined; ) {
      const { bytesRead } = await fh.read(buf, 0, chunk, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      // The decoders may keep a reference to the input while they parse it; hand them a copy.
      take(await dec.decode(buf.slice(0, bytesRead)));
    }
    if (dec.flush && fatal === undefined) take(await dec.flush());
  } finally {
    dec.free();
  }
  return { errors: [...errors], errorCount, headerErrors: [...headerErrors], fatal };
}

const lowerFirst = (t: string): string => t.charAt(0).toLowerCase() + t.slice(1);

/**
 * A built-in decoder's complaint in words: libvorbis' function names and codes glued together
 * (`vorbis_synthesisOV_ENOTAUDIO the packet is not an audio packet.`), mpg123's bare code
 * (`-1 MPG123_ERR`), libopus' and libFLAC's codes, each as a short phrase with the code after it.
 */
export function decoderMessage(raw: string): string {
  const text = raw.trim();
  const vorbis = /(OV_[A-Z]+)\s+(.+?)\.?$/.exec(text);
  if (vorbis) return `${lowerFirst(vorbis[2]!)} (${vorbis[1]})`;
  if (/vorbis_\w*Unknown Error$/.test(text)) return 'an unreadable Vorbis packet';
  const opus = /^libopus -?\d+ (OPUS_\w+): (.+?)\.?$/.exec(text);
  if (opus) return `${lowerFirst(opus[2]!)} (${opus[1]})`;
  const mpg = /^-?\d+ (MPG123_\w+)$/.exec(text);
  if (mpg) return `an MPEG frame that could not be decoded (${mpg[1]})`;
  const flac = /FLAC__STREAM_DECODER_ERROR_STATUS_(\w+)/.exec(text);
  if (flac) return `${flac[1]!.toLowerCase().replace(/_/g, ' ')} (${flac[0]})`;
  return text;
}
