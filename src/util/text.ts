/** The text with its first letter in upper case. */
export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "1 track", "2 tracks": a count with its noun in the right number (plural: noun + 's' unless given). */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/**
 * Text folded for matching what a user types against tags and file names: lower case, accents
 * dropped (`Beyoncé` → `beyonce`), apostrophes dropped (`Don’t`, `Don't` → `dont`), typographic
 * quotes and dashes as ASCII, runs of spaces as one. Self-contained (no outside names), so that
 * report.html's script can carry it as source text and find tracks the way `similar` does.
 */
export function foldForSearch(s: string): string {
  // Most tags are printable ASCII with single spaces and no apostrophe: lower case folds them, and
  // this test is several times cheaper than the full fold over 100,000 labels.
  let plain = true;
  for (let i = 0, space = false; i < s.length && plain; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20) {
      plain = !space;
      space = true;
    } else {
      plain = c > 0x20 && c < 0x7f && c !== 0x27 && c !== 0x60;
      space = false;
    }
  }
  if (plain) return s.toLowerCase();
  // Letters NFKD leaves whole, written as the ASCII a user types for them.
  const letters: Record<string, string> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[øæœßłđðþı]/g, (c) => letters[c]!)
    .replace(/['’‘ʼ′`´]/g, '')
    .replace(/[“”„″]/g, '"')
    .replace(/[‐‑‒–—―−]/g, '-')
    .replace(/\s+/g, ' ');
}
