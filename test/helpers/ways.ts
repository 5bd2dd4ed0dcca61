// The case files' notation for ways to qualify: `fact op value & fact op value`, e.g.
// `investor_origin in [省外浙商, 境外浙商] & paid_in_wan > 0`; compared with conditions sorted.
import type { Alternative } from '../../src/eligibility/qualify.js';

/** Conditions in a canonical order (sorted), so a way compares whatever order it was written in. */
export function canonicalWay(conditions: string[]): string {
  return [...conditions].sort().join(' & ');
}

/** A library alternative in the case files' notation. */
export function wayText(alt: Alternative): string {
  return canonicalWay(alt.map((x) => `${x.fact} ${x.op} ${Array.isArray(x.value) ? `[${x.value.join(', ')}]` : String(x.value)}`));
}

/** Written ways (strings) in canonical form, sorted. */
export function canonicalWays(ways: readonly string[]): string[] {
  return ways.map((w) => canonicalWay(w.split('&').map((c) => c.trim()))).sort();
}
