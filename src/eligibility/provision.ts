//! Whether a policy is in force on a date. In: a Policy. Out: a boolean. Shared by check and
//! qualify (a tier's Amount is in src/words: tierAmount).

import type { Policy } from '../model/index.js';

/** Is the policy in force on `on` (YYYY-MM-DD)? */
export function inForce(policy: Policy, on: string): boolean {
  return policy.effective <= on && (policy.expires === undefined || on <= policy.expires);
}
