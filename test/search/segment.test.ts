// Intl.Segmenter in bounded chunks (src/search-index/segment.ts): the same segments as one
// call for every text without a long Han run; for a long run, the whole text, in order.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SEGMENT_CHUNK, segmentBounded } from '../../src/search-index/segment.js';

const segmenter = new Intl.Segmenter('zh-Hans', { granularity: 'word' });
const HAN = '浙江省支持科技型小微企业创业创新发展用地指标政策补助资金𠀀𠀁'.match(/./gu)!;

describe('segmentBounded', () => {
  it('gives exactly what one segment() call gives when no Han run is longer than the chunk', () => {
    // Ensure normal text (every real policy) is cut as before, so the lexicon and the compiled file do not change.
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...HAN, '，', '。', ' ', '\n', 'ab', '12'), { maxLength: 400 }), (parts) => {
        const text = parts.join('');
        fc.pre(!new RegExp(`\\p{Script=Han}{${SEGMENT_CHUNK + 1}}`, 'u').test(text));
        const one = [...segmenter.segment(text)].map((s) => [s.segment, s.index, s.isWordLike]);
        expect([...segmentBounded(segmenter, text)].map((s) => [s.segment, s.index, s.isWordLike])).toEqual(one);
      }),
      { numRuns: 200 },
    );
  });

  it('cuts a long run in chunks that cover the text in order, none longer than the chunk, no character split', () => {
    // Ensure a 10,000-character run (and astral Han characters at chunk edges) loses and splits nothing.
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...HAN), { minLength: SEGMENT_CHUNK + 1, maxLength: 3000 }), fc.string({ maxLength: 20 }), (chars, tail) => {
        const text = 'ab ' + chars.join('') + tail;
        const pieces = [...segmentBounded(segmenter, text)];
        expect(pieces.map((p) => p.segment).join('')).toBe(text);
        let at = 0;
        for (const p of pieces) {
          expect(p.index).toBe(at);
          expect(p.segment.length).toBeLessThanOrEqual(SEGMENT_CHUNK);
          expect(/^[\uDC00-\uDFFF]/.test(p.segment)).toBe(false);
          at += p.segment.length;
        }
      }),
      { numRuns: 50 },
    );
  });
});
