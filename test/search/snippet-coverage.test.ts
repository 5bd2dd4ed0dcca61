// The snippet window's coverage in O(log n) (src/search-index/snippet.ts `coverage`) equals
// the plain sum over every range (`coveredPlain`): the fast path proves itself (fast-check).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { coverage, coveredPlain, makeSnippet } from '../../src/search-index/snippet.js';

/** Sorted, disjoint, non-empty ranges, as makeSnippet merges them. */
const ranges = fc.array(fc.tuple(fc.nat(5), fc.integer({ min: 1, max: 6 })), { maxLength: 40 }).map((steps) => {
  const out: [number, number][] = [];
  let at = 0;
  for (const [gap, len] of steps) {
    const a = at + gap + (out.length ? 1 : 0);
    out.push([a, a + len]);
    at = a + len;
  }
  return out;
});

describe('snippet coverage', () => {
  it('coverage equals coveredPlain for every window', () => {
    // Ensure the binary-searched sums are exactly the range-by-range sums.
    fc.assert(
      fc.property(ranges, fc.integer({ min: -5, max: 300 }), fc.integer({ min: 0, max: 120 }), (rs, from, length) => {
        expect(coverage(rs)(from, from + length)).toBe(coveredPlain(rs, from, from + length));
      }),
      { numRuns: 2000 },
    );
  });

  it('a text with thousands of matches gets its window (no longer quadratic in the matches)', () => {
    // Ensure the window with the most matched characters is still the one picked.
    const text = '甲乙'.repeat(20_000) + '丙丁丙丁丙丁' + '甲乙'.repeat(20_000);
    const { snippet, highlights } = makeSnippet(text, ['乙', '丙丁']);
    expect(snippet).toContain('丙丁丙丁丙丁');
    expect(highlights.length).toBeGreaterThan(10);
  });
});
