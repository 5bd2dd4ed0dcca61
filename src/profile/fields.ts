//! Profiles that need no parser: `--set fact=value` overrides and plain objects (a JSON
//! Lines row, a JSON profile, a library caller's data). In: text pairs or an object and a
//! ProfileSpec. Out: the profile, the enterprise's name and every problem with its field.
//! Kept apart from read.ts so the fast paths (`--set`, JSON, batch) never load `yaml`.
//! Pure: no I/O.

import type { Profile } from '../model/index.js';
import { decodeText } from '../load/read.js';
import { NAME_FIELD, readName, readTextValue, readTypedValue, unknownFieldMessage, type ProfileIssue, type ProfileSpec } from './values.js';

/**
 * A new, empty profile. Without a prototype: a fact's id is data, so `constructor` or
 * `__proto__` is a key like any other, never a property of Object.prototype.
 */
export function emptyProfile(): Profile {
  return Object.create(null) as Profile;
}

/**
 * Sets one fact as an own key (assigning `__proto__` on a plain object would set its prototype).
 * A key the profile already has (every fact, in a copy of batch's shape) is assigned: that keeps
 * the profiles' one hidden class, and is ~8 % of a JSON Lines batch's time.
 */
function setFact(profile: Profile, field: string, value: Profile[string]): void {
  if (Object.hasOwn(profile, field)) profile[field] = value;
  else Object.defineProperty(profile, field, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * A profile file's bytes as text, or why they cannot be read as they are, at the
 * position: bytes that are not UTF-8, or a NUL character. Input is never read changed.
 */
export function decodeProfile(bytes: Uint8Array, file: string): { text: string } | { issue: ProfileIssue } {
  const { text, notUtf8, nul } = decodeText(bytes);
  if (notUtf8) return { issue: { severity: 'error', code: 'profile/syntax', field: '', message: '画像文件不是合法的 UTF-8 文本（请另存为 UTF-8 编码）', file, ...notUtf8 } };
  if (nul) return { issue: { severity: 'error', code: 'profile/syntax', field: '', message: '画像文件含 NUL 字符（U+0000）：文本中不能有它', file, ...nul } };
  return { text };
}

export interface ReadProfile {
  profile: Profile;
  /** The enterprise's name, when the profile gives one. */
  name?: string;
  issues: ProfileIssue[];
}

/**
 * Applies `--set fact=value` overrides (in order; later wins) to a profile read so far.
 * Values are text: see readTextValue. `--set fact=` makes the fact unknown again.
 */
export function applySets(target: ReadProfile, sets: readonly string[], spec: ProfileSpec): ReadProfile {
  for (const s of sets) {
    const eq = s.indexOf('=');
    if (eq <= 0) {
      target.issues.push({
        severity: 'error',
        code: 'profile/set-syntax',
        field: '',
        message: `--set "${s}" 应写成 事实id=值，如 --set paid_in_wan=12000`,
        file: '--set',
      });
      continue;
    }
    const field = s.slice(0, eq).trim();
    const text = s.slice(eq + 1);
    const issue = (code: ProfileIssue['code'], message: string): void => {
      target.issues.push({ severity: 'error', code, field, message, file: '--set' });
    };
    if (field === NAME_FIELD) {
      const name = text.trim();
      if (name === '') delete target.name;
      else target.name = name;
      continue;
    }
    const fact = spec.facts.get(field);
    if (!fact) {
      issue('profile/unknown-field', unknownFieldMessage(field, spec));
      continue;
    }
    const r = readTextValue(fact, text, spec);
    if (!r.ok) issue(r.code, r.message);
    else if (r.value === undefined) delete target.profile[field];
    else setFact(target.profile, field, r.value);
  }
  return target;
}

/**
 * One field of a profile read into `result`: the enterprise's `name`, a fact (`written`:
 * the source text of an unquoted number, see readTypedValue), or an unknown field. Problems
 * go to `issue` (`onKey`: the position is the key's, not the value's). For the readers
 * with positions (YAML, strict JSON) and readProfileObject.
 */
export function readField(
  result: ReadProfile,
  field: string,
  raw: unknown,
  spec: ProfileSpec,
  issue: (code: ProfileIssue['code'], message: string, onKey?: boolean) => void,
  written?: string,
): void {
  if (field === NAME_FIELD) {
    const r = readName(written ?? raw);
    if (!r.ok) issue(r.code, r.message);
    else if (r.value !== undefined) result.name = r.value;
    return;
  }
  const fact = spec.facts.get(field);
  if (!fact) {
    issue('profile/unknown-field', unknownFieldMessage(field, spec), true);
    return;
  }
  const r = readTypedValue(fact, raw, spec, written);
  if (!r.ok) issue(r.code, r.message);
  else if (r.value !== undefined) setFact(result.profile, field, r.value);
}

/**
 * A profile given as a plain object (a JSON Lines row, a library caller's data),
 * validated like a file but without lines. With `shape` (every fact, each undefined, in an
 * object without a prototype), the profile starts as a copy of it: all profiles then share
 * one hidden class (see batch.ts).
 */
export function readProfileObject(value: unknown, spec: ProfileSpec, shape?: Readonly<Record<string, undefined>>): ReadProfile {
  // A copy of `shape` (made without a prototype, see batch.ts) has each fact as an own key,
  // `__proto__` included; readField sets facts as own keys either way.
  const result: ReadProfile = { profile: shape ? ({ ...shape } as unknown as ReadProfile['profile']) : emptyProfile(), issues: [] };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    result.issues.push({ severity: 'error', code: 'profile/not-a-map', field: '', message: `画像应为 JSON 对象（{"字段": 值}），实际为${Array.isArray(value) ? '数组' : '单个值'}` });
    return result;
  }
  // One issue function per profile, not per field: `field` is the field being read.
  let field = '';
  const issue = (code: ProfileIssue['code'], message: string): void => {
    result.issues.push({ severity: 'error', code, field, message });
  };
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    field = key;
    readField(result, key, raw, spec, issue);
  }
  return result;
}
