//! Profiles that need no parser: `--set fact=value` overrides and plain objects (a JSON
//! Lines row, a JSON profile, a library caller's data). In: text pairs or an object and a
//! ProfileSpec. Out: the profile, the enterprise's name and every problem with its field.
//! Kept apart from read.ts so the fast paths (`--set`, JSON, batch) never load `yaml`.
//! Pure: no I/O.

import type { Profile } from '../model/index.js';
import { NAME_FIELD, readName, readTextValue, readTypedValue, unknownFieldMessage, type ProfileIssue, type ProfileSpec } from './values.js';

/**
 * A new, empty profile. Without a prototype: a fact's id is data, so `constructor` or
 * `__proto__` is a key like any other, never a property of Object.prototype.
 */
export function emptyProfile(): Profile {
  return Object.create(null) as Profile;
}

/** Sets one fact as an own key (assigning `__proto__` on a plain object would set its prototype). */
function setFact(profile: Profile, field: string, value: Profile[string]): void {
  Object.defineProperty(profile, field, { value, writable: true, enumerable: true, configurable: true });
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
      target.issues.push({ code, field, message, file: '--set' });
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
 * A profile given as a plain object (a JSON Lines row, a library caller's data),
 * validated like a file but without lines. With `shape` (every fact, each undefined, in an
 * object without a prototype), the profile starts as a copy of it: all profiles then share
 * one hidden class (see batch.ts).
 */
export function readProfileObject(value: unknown, spec: ProfileSpec, shape?: Readonly<Record<string, undefined>>): ReadProfile {
  // A copy of `shape` (made without a prototype, see batch.ts) has each fact as an own key,
  // `__proto__` included, so the assignments below never reach Object.prototype.
  const result: ReadProfile = { profile: shape ? ({ ...shape } as unknown as ReadProfile['profile']) : emptyProfile(), issues: [] };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    result.issues.push({ code: 'profile/not-a-map', field: '', message: `画像应为 JSON 对象（{"字段": 值}），实际为${Array.isArray(value) ? '数组' : '单个值'}` });
    return result;
  }
  for (const [field, raw] of Object.entries(value as Record<string, unknown>)) {
    if (field === NAME_FIELD) {
      const r = readName(raw);
      if (!r.ok) result.issues.push({ code: r.code, field, message: r.message });
      else if (r.value !== undefined) result.name = r.value;
      continue;
    }
    const fact = spec.facts.get(field);
    if (!fact) {
      result.issues.push({ code: 'profile/unknown-field', field, message: unknownFieldMessage(field, spec) });
      continue;
    }
    const r = readTypedValue(fact, raw, spec);
    if (!r.ok) result.issues.push({ code: r.code, field, message: r.message });
    else if (r.value !== undefined) result.profile[field] = r.value;
  }
  return result;
}

/**
 * The first top-level key that appears twice in the text of a JSON object, or undefined.
 * JSON.parse keeps the last of repeated keys without a word, where YAML (and so a YAML
 * profile) reports them; a JSON Lines row that json-line.ts declines goes through
 * JSON.parse, and batch.ts calls this to report them alike. Only for text JSON.parse has
 * accepted: it scans strings and brackets, nothing else.
 */
export function duplicateJsonKey(text: string): string | undefined {
  const seen = new Set<string>();
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let end = i + 1;
      while (text.charCodeAt(end) !== 0x22) end += text.charCodeAt(end) === 0x5c /* \ */ ? 2 : 1;
      if (depth === 1) {
        let next = end + 1;
        while (next < text.length && ' \t\n\r'.includes(text[next]!)) next++;
        if (text[next] === ':') {
          const key = JSON.parse(text.slice(i, end + 1)) as string;
          if (seen.has(key)) return key;
          seen.add(key);
        }
      }
      i = end;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) depth++;
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return undefined;
}
