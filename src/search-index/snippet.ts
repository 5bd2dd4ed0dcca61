//! Snippets: a clause's text → the excerpt a result shows, with the matched words' offsets.
//! In: plain text, the words to highlight, and whether the query asks "how much". Out: the
//! window of the text with the most matched characters — never cut inside a number with its
//! unit (500万元, 50%, 3年), a quoted title (《…》) or a document number, and for a "how much"
//! query, one that holds an amount when the text has one. Pure and browser-safe.

import { foldText } from './normalize.js';

/** Characters of a snippet (a window may grow by a few to keep a number or a title whole). */
export const SNIPPET_LENGTH = 90;

/** A query that asks for an amount: its snippet should show one (补助多少, 奖励金额, 比例). */
const HOW_MUCH = /多少|金额|数额|额度|多高|几万|几千|几百|几倍|比例|上限|标准是/;

/** Spans merged where they overlap (not where they only touch), in order: O(k log k). */
export function overlapUnion(spans: readonly { start: number; end: number }[]): { start: number; end: number }[] {
  const sorted = [...spans].sort((x, y) => x.start - y.start || x.end - y.end);
  const out: { start: number; end: number }[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** True when the (normalised) query asks for an amount. */
export function asksHowMuch(normalized: string): boolean {
  return HOW_MUCH.test(normalized.replace(/\s+/g, ''));
}

/** Units that belong to the number before them. */
const UNIT = '(?:万亿元|亿元|万元|千元|百元|元|万|亿|%|‰|倍|个百分点|个月|年|月|日|天|周|小时|人|名|家|项|个|次|批|亩|平方米|米|岁|届|号)';
/**
 * Spans a snippet never cuts: a quoted title; a document number (浙委〔2011〕119号); a number
 * with its decimal part, a range (3%—5%) and its unit.
 */
const KEEP_WHOLE = new RegExp(
  `《[^《》\\n]{0,60}》|[\\u4e00-\\u9fef]{0,4}〔(?:19|20)\\d\\d〕\\d+号|\\d+(?:[.,]\\d+)*${UNIT}?(?:\\s*[-—～~至到]\\s*\\d+(?:[.,]\\d+)*${UNIT}?)?`,
  'g',
);
/** An amount: money, a share or a multiple. */
const AMOUNT = /^\d.*(?:元|%|‰|倍|个百分点)$/;

/** The spans of `text` a window must keep whole, in order. */
export function wholeSpans(text: string): { start: number; end: number; amount: boolean }[] {
  const spans: { start: number; end: number; amount: boolean }[] = [];
  for (const m of text.matchAll(KEEP_WHOLE)) {
    if (m[0].length < 2) continue;
    spans.push({ start: m.index!, end: m.index! + m[0].length, amount: AMOUNT.test(m[0]) });
  }
  return spans;
}

export interface SnippetOptions {
  /** Characters of the window (default SNIPPET_LENGTH). */
  length?: number;
  /** The query asks "how much": prefer a window that holds an amount. */
  amount?: boolean;
}

/** The first index of a sorted array whose value passes `at`, by binary search (`length` if none). */
function firstIndex(n: number, passes: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (passes(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The reference: characters of the sorted, disjoint `ranges` inside [from, to), range by range. */
export function coveredPlain(ranges: readonly [number, number][], from: number, to: number): number {
  let covered = 0;
  for (const [a, b] of ranges) covered += Math.max(0, Math.min(b, to) - Math.max(a, from));
  return covered;
}

/** coveredPlain in O(log n) per window, from prefix sums of the ranges' lengths. */
export function coverage(ranges: readonly [number, number][]): (from: number, to: number) => number {
  const prefix = new Float64Array(ranges.length + 1);
  ranges.forEach(([a, b], i) => (prefix[i + 1] = prefix[i]! + (b - a)));
  return (from, to) => {
    if (to <= from) return 0;
    const i = firstIndex(ranges.length, (k) => ranges[k]![1] > from); // first range ending after from
    const j = firstIndex(ranges.length, (k) => ranges[k]![0] >= to) - 1; // last range starting before to
    if (i > j) return 0;
    let sum = prefix[j + 1]! - prefix[i]!;
    sum -= Math.max(0, from - ranges[i]![0]);
    sum -= Math.max(0, ranges[j]![1] - to);
    return sum;
  };
}

/** True when some amount lies wholly inside [from, to) (amounts in text order: starts and ends increase). */
function holdsAmount(amounts: readonly { start: number; end: number }[], from: number, to: number): boolean {
  const k = firstIndex(amounts.length, (i) => amounts[i]!.start >= from);
  return k < amounts.length && amounts[k]!.end <= to;
}

/** Picks the window of `text` with the most matches and returns it with highlight offsets. */
export function makeSnippet(text: string, terms: readonly string[], options: SnippetOptions = {}): { snippet: string; highlights: [number, number][] } {
  const length = options.length ?? SNIPPET_LENGTH;
  const flat = text.replace(/\s*\n\s*/g, ' ');
  const folded = foldText(flat);
  const ranges: [number, number][] = [];
  for (const term of new Set(terms)) {
    if (!term) continue;
    let at = folded.indexOf(term);
    while (at >= 0) {
      ranges.push([at, at + term.length]);
      at = folded.indexOf(term, at + term.length);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const spans = flat.length > length ? wholeSpans(flat) : [];
  const amounts = options.amount ? spans.filter((s) => s.amount) : [];
  let start = 0;
  if (flat.length > length && (merged.length || amounts.length)) {
    // The window starting a little before some match (or, for "how much", an amount) that
    // covers the most matched characters; for "how much", one holding an amount comes first.
    // Each candidate's covered characters in O(log m) (prefix sums over the sorted, disjoint
    // ranges), so a text with thousands of matches is not quadratic; the same sums and the same
    // first-best candidate as adding up every range for every candidate (coveredPlain).
    const covered = coverage(merged);
    let best = -1;
    for (const from0 of [...merged.map(([s]) => s), ...amounts.map((a) => a.start)]) {
      const from = Math.max(0, Math.min(from0 - 10, flat.length - length));
      let c = covered(from, from + length);
      if (holdsAmount(amounts, from, from + length)) c += 10 * length;
      if (c > best) {
        best = c;
        start = from;
      }
    }
  }
  let end = Math.min(flat.length, start + length);
  // Never cut inside a number with its unit, a title, a document number or a matched word: widen to
  // take it whole. The spans are first merged where they overlap (a matched word may run into a
  // title: 按照《…》), so widening to one merged span can never land inside another.
  for (const s of overlapUnion([...spans, ...merged.map(([s, e]) => ({ start: s, end: e }))])) {
    if (s.start < start && start < s.end) start = s.start;
    if (s.start < end && end < s.end) end = s.end;
  }
  const prefix = start > 0 ? '…' : '';
  const suffix = end < flat.length ? '…' : '';
  const snippet = prefix + flat.slice(start, end) + suffix;
  const highlights: [number, number][] = [];
  for (const [a, b] of merged) {
    const s = Math.max(a, start);
    const e = Math.min(b, end);
    if (e > s) highlights.push([s - start + prefix.length, e - start + prefix.length]);
  }
  return { snippet, highlights };
}
