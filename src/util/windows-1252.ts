/**
 * Windows-1252, the encoding of "Latin-1" playlists and file names written on Windows. Node 20's
 * TextDecoder('windows-1252') decodes 0x80–0x9F as C1 controls, as ISO-8859-1 does, so a playlist
 * naming `Don’t Stop.mp3` (0x92) would name a file that does not exist; this table is the WHATWG
 * one (the five bytes Windows leaves unassigned stay C1 controls).
 */
const HIGH_C1: readonly number[] = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

const BYTE_OF = new Map<number, number>(HIGH_C1.map((code, i) => [code, 0x80 + i]));

/** Text of Windows-1252 bytes (every byte maps to one character). */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  const CHUNK = 8192;
  for (let at = 0; at < bytes.length; at += CHUNK) {
    const end = Math.min(bytes.length, at + CHUNK);
    const codes = new Array<number>(end - at);
    for (let i = at; i < end; i++) {
      const b = bytes[i]!;
      codes[i - at] = b >= 0x80 && b < 0xa0 ? HIGH_C1[b - 0x80]! : b;
    }
    out += String.fromCharCode(...codes);
  }
  return out;
}

/** Windows-1252 bytes of `text`, or undefined when a character has no byte there. */
export function encodeWindows1252(text: string): Buffer | undefined {
  const out = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const b = c < 0x80 || (c >= 0xa0 && c <= 0xff) ? c : BYTE_OF.get(c);
    if (b === undefined) return undefined;
    out[i] = b;
  }
  return out;
}

/**
 * Mends tag text that a tagger stored in the wrong encoding, as music-metadata hands it over: UTF-8
 * bytes in a Latin-1 frame (`BeyoncÃ©` → `Beyoncé`), and Windows-1252 bytes read as ISO-8859-1,
 * which leaves C1 control characters (`Don\u0092t` → `Don’t`). C1 controls never belong in a
 * title, and Latin-1 text that is also valid multi-byte UTF-8 (`Ã©` side by side) is vanishingly
 * rare, so text without either is returned unchanged.
 */
export function mendTagText(text: string): string {
  let high = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) return mendC1(text);
    if (c >= 0x80) high = true;
  }
  if (!high) return text;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(text, 'latin1'));
  } catch {
    return mendC1(text);
  }
}

function mendC1(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => String.fromCharCode(HIGH_C1[c.charCodeAt(0) - 0x80]!));
}
