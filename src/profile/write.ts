//! A profile written back as YAML that `handbook check` reads: facts in declared order,
//! each with its label as a comment, and the questions answered 不清楚 as comments.
//! In: the handbook's facts and a profile. Out: YAML text. Pure.

import { stringify } from 'yaml';
import type { Handbook, Profile } from '../model/index.js';
import { factValue } from '../eligibility/evaluate.js';

/**
 * The answers of an interview as a YAML profile.
 *
 * @example
 * profileYaml(handbook, { paid_in_wan: 12000 }, '之澜新能源', new Set(['high_tech']), '2026-11-30');
 */
export function profileYaml(handbook: Pick<Handbook, 'facts'>, profile: Profile, name: string | undefined, skipped: ReadonlySet<string>, on: string): string {
  const lines = [`# 由 handbook ask 生成（${on}）。没有写出的事实按“未知”处理。`];
  if (name !== undefined) lines.push(stringify({ name }).trimEnd());
  for (const f of handbook.facts) {
    const value = factValue(profile, f.id);
    if (value !== undefined) lines.push(`${stringify({ [f.id]: value }).trimEnd()}  # ${f.label}`);
    else if (skipped.has(f.id)) lines.push(`# ${f.id}:   # ${f.label}：不清楚`);
  }
  return lines.join('\n') + '\n';
}
