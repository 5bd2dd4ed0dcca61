//! What a provision gives and when: the Amount of a tier, and whether a policy is in force
//! on a date. In: a Tier or a Policy. Out: plain values. Shared by check and qualify.

import type { Policy, Tier } from '../model/index.js';

export interface Amount {
  value: number;
  unit: string;
  /** 200万元 */
  text: string;
}

/** A tier's amount as a decision gives it: its own text, or the number and unit. */
export function tierAmount(tier: Tier): Amount {
  return { value: tier.amount, unit: tier.unit, text: tier.text ?? `${tier.amount}${tier.unit}` };
}

/** Is the policy in force on `on` (YYYY-MM-DD)? */
export function inForce(policy: Policy, on: string): boolean {
  return policy.effective <= on && (policy.expires === undefined || on <= policy.expires);
}
