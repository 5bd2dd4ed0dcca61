// The fast path for common text (ASCII, common CJK ideographs and punctuation) must cut and
// normalise exactly as the general path with Unicode property classes does. The general path
// is forced by appending a separator outside the common set (U+2603 ☃, neither a letter nor a
// digit): it only adds a trailing separator, so terms and normalised text must not change.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { DiagnosticBag } from '../../src/diagnostics/index.js';
import { readHandbookDir } from '../../src/load/read.js';
import { compileSources } from '../../src/validate/index.js';
import { buildSearchIndex, lexiconOf, normalizeQuery, tokenize, type Lexicon } from '../../src/search-index/index.js';
import { isCommonText } from '../../src/search-index/normalize.js';

const GENERAL = ' \u2603';
let lexicon: Lexicon;

beforeAll(() => {
  const bag = new DiagnosticBag();
  const result = compileSources(readHandbookDir(join(import.meta.dirname, '..', '..', 'policies'), bag), bag);
  if (!result.handbook) throw new Error('bundled handbook does not compile');
  lexicon = lexiconOf(buildSearchIndex(result.handbook));
});

/** Every code point of the common set, as strings. */
function commonCodePoints(): string[] {
  const out: string[] = [];
  for (let c = 0; c <= 0xffff; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const s = String.fromCharCode(c);
    if (isCommonText(s)) out.push(s);
  }
  return out;
}

describe('common-text fast path', () => {
  // Ensure the separator really does force the general path (else the comparisons below prove nothing).
  it('the forcing separator is outside the common set', () => {
    expect(isCommonText('用地指标 2000万元')).toBe(true);
    expect(isCommonText('用地指标' + GENERAL)).toBe(false);
  });

  // Ensure every code point of the set is classified alike, alone and between a digit and a Han character.
  it('agrees with the general path on every code point of the set', () => {
    const chars = commonCodePoints();
    expect(chars.length).toBeGreaterThan(20000);
    const differ: string[] = [];
    for (const c of chars) {
      for (const text of [c, `7${c}用地`, `ab${c}${c}x`]) {
        const fast = tokenize(text, lexicon);
        const general = tokenize(text + GENERAL, lexicon);
        const qFast = normalizeQuery(text, lexicon);
        const qGeneral = normalizeQuery(text + GENERAL, lexicon);
        if (JSON.stringify(fast) !== JSON.stringify(general) || qFast !== qGeneral) differ.push(`U+${c.charCodeAt(0).toString(16)}`);
      }
    }
    expect(differ).toEqual([]);
  });

  // Ensure mixed strings from the set cut alike (runs, document numbers, Latin and digits next to Han).
  it('agrees with the general path on random common text', () => {
    const pieces = fc.constantFrom('用地', '指标', '小微', '企业', '2000', '万元', 'ai', 'STEM', '〔2011〕', '119号', '浙委', ' ', '、', '。', '《', '》', '—', '·', '【', '-', '/', 'x');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(tokenize(text, lexicon)).toEqual(tokenize(text + GENERAL, lexicon));
        expect(normalizeQuery(text, lexicon)).toBe(normalizeQuery(text + GENERAL, lexicon));
      }),
      { numRuns: 500 },
    );
  });
});

describe('letters and digits next to Han characters', () => {
  // Ensure an amount or a Latin word does not swallow the Han words after it (2000万元以上 once was one term).
  it('are separate terms', () => {
    expect(tokenize('2000万元以上', lexicon)).toEqual(expect.arrayContaining(['2000', '万元']));
    expect(tokenize('2000万元以上', lexicon)).not.toContain('2000万元以上');
    expect(tokenize('5G基站', lexicon)).toContain('5g');
    expect(tokenize('5G基站', lexicon)).not.toContain('5g基站');
    // The same outside the common set (é is a letter the fast path does not cover).
    expect(tokenize('café用地', lexicon)).toEqual(['café', '用地']);
  });
});
