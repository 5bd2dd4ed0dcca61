//! When a provision applies: whether a policy is in force on a date. In: a Policy. Out: a
//! boolean. Shared by check and qualify. (A tier's Amount and its words are the model's and
//! src/words' tierAmount; re-exported here for qualify.)

import type { Policy } from '../model/index.js';

export type { Amount } from '../model/index.js';
export { tierAmount } from '../words/index.js';

/** Is the policy in force on `on` (YYYY-MM-DD)? */
export function inForce(policy: Policy, on: string): boolean {
  return policy.effective <= on && (policy.expires === undefined || on <= policy.expires);
}
