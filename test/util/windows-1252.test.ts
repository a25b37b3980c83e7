import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeWindows1252, encodeWindows1252, mendTagText } from '../../src/util/windows-1252.js';

test('Windows-1252: every byte decodes to one character and encodes back; 0x80–0x9F are the Windows characters', () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const text = decodeWindows1252(all);
  assert.equal(text.length, 256);
  assert.deepEqual([...encodeWindows1252(text)!], [...all]);
  assert.equal(decodeWindows1252(Uint8Array.from([0x80, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0x99])), '€‘’“”–—™');
  assert.equal(encodeWindows1252('snow ☃'), undefined, 'a character Windows-1252 has no byte for');
  // long input goes through in chunks
  const long = new Uint8Array(50_000).fill(0x92);
  assert.equal(decodeWindows1252(long), '’'.repeat(50_000));
});

test('mendTagText: mends C1 controls and UTF-8 read as Latin-1, leaves good text alone, and is idempotent', () => {
  const cases: [string, string][] = [
    ['Don\u0092t Stop \u0096 Live', 'Don’t Stop – Live'],
    ['BeyoncÃ©', 'Beyoncé'],
    ['Ã\u0089dith Piaf', 'Édith Piaf'],
    ['Don\u00e2\u0080\u0099t', 'Don’t'],
    ['Beyoncé', 'Beyoncé'],
    ['Zwölf Töne', 'Zwölf Töne'],
    ['Hoppípolla', 'Hoppípolla'],
    ['平沢進', '平沢進'],
    ['plain ASCII', 'plain ASCII'],
    ['', ''],
  ];
  for (const [given, want] of cases) {
    assert.equal(mendTagText(given), want, JSON.stringify(given));
    assert.equal(mendTagText(want), want, `idempotent on ${want}`);
  }
});
