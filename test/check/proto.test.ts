//! Names that are also properties of Object.prototype (`constructor`, `toString`,
//! `__proto__`, `hasOwnProperty`) are data: a fact named `constructor` is unknown until a
//! profile gives it, through every input and both evaluators; the other names (not valid
//! fact ids) are unknown fields wherever a profile names them; `--only`/`--explain` refuse them.
//! In: test/check/fixtures/proto (fact `constructor`, policy `constructor`).

import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileDir } from '../../src/validate/index.js';
import { check, statusChecker } from '../../src/eligibility/check.js';
import { profileSpec } from '../../src/profile/values.js';
import { applySets, readProfileObject } from '../../src/profile/fields.js';
import { parseProfileText } from '../../src/profile/read.js';
import { BatchReader } from '../../src/profile/batch.js';
import type { Handbook, Profile } from '../../src/model/index.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const DIR = join(ROOT, 'test', 'check', 'fixtures', 'proto');
const ON = '2026-11-30';
const handbook = compileDir(DIR).handbook as Handbook;
const spec = profileSpec(handbook.facts, handbook.derived);
const PROTO_NAMES = ['toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

const statuses = (profile: Profile) => Object.fromEntries(check(handbook, profile, { on: ON }).decisions.map((d) => [d.id, [d.status, d.missing]]));
const compiledStatuses = (profile: Profile) => Object.fromEntries(statusChecker(handbook, { on: ON })(profile).decisions.map((d) => [d.id, [d.status, d.missing]]));

const UNKNOWN = {
  'constructor.builder': ['undetermined', ['constructor']],
  'constructor.not-builder': ['undetermined', ['constructor']],
  'constructor.big-builder': ['undetermined', ['constructor', 'size_wan']],
};
const BUILDER = {
  'constructor.builder': ['eligible', []],
  'constructor.not-builder': ['ineligible', []],
  'constructor.big-builder': ['eligible', []],
};

function tmp(name: string, text: string): string {
  const path = join(tempDir('hb-proto-'), name);
  writeFileSync(path, text);
  return path;
}

describe('a fact named constructor', () => {
  it('compiles: the fixture is a valid handbook', () => {
    // Ensure the fixture itself is not what fails.
    expect(handbook.facts.map((f) => f.id)).toEqual(['constructor', 'size_wan']);
  });

  it('is unknown in an empty plain profile for the trace evaluator', () => {
    // Ensure ctx.profile.constructor (Object) is never read as the fact's value.
    expect(statuses({})).toEqual(UNKNOWN);
  });

  it('is unknown in an empty plain profile for the compiled batch evaluator', () => {
    // Ensure the compiled closures read own keys only for prototype names.
    expect(compiledStatuses({})).toEqual(UNKNOWN);
  });

  it('decides when given, in both evaluators, plain or null-prototype profiles', () => {
    // Ensure a given value is read, and that both evaluators agree.
    const plain: Profile = { constructor: true, size_wan: 2000 } as Profile;
    const bare = Object.assign(Object.create(null) as Profile, plain);
    for (const p of [plain, bare]) {
      expect(statuses(p)).toEqual(BUILDER);
      expect(compiledStatuses(p)).toEqual(BUILDER);
    }
  });

  it('is read from YAML, JSON objects and --set as an own key', () => {
    // Ensure every profile reader stores the fact as data.
    const yaml = parseProfileText('constructor: true\nsize_wan: 2000\n', 'p.yaml', spec);
    const json = readProfileObject(JSON.parse('{"constructor": true, "size_wan": 2000}'), spec);
    const sets = applySets({ profile: {}, issues: [] }, ['constructor=是', 'size_wan=2000'], spec);
    for (const r of [yaml, json, sets]) {
      expect(r.issues).toEqual([]);
      expect(Object.hasOwn(r.profile, 'constructor')).toBe(true);
      expect(statuses(r.profile)).toEqual(BUILDER);
    }
  });
});

describe('Object.prototype names in profiles', () => {
  it.each(PROTO_NAMES)('%s is an unknown field in YAML, JSON and --set', (name) => {
    // Ensure none of them passes silently or reaches the prototype.
    const yaml = parseProfileText(`${JSON.stringify(name)}: true\n`, 'p.yaml', spec);
    const json = readProfileObject(JSON.parse(`{${JSON.stringify(name)}: true}`), spec);
    const sets = applySets({ profile: {}, issues: [] }, [`${name}=true`], spec);
    for (const r of [yaml, json, sets]) expect(r.issues.map((i) => [i.code, i.field])).toEqual([['profile/unknown-field', name]]);
    expect(Object.getPrototypeOf(json.profile)).toBe(null);
  });

  it.each(PROTO_NAMES)('%s is a bad CSV header column and a bad JSON Lines key', (name) => {
    // Ensure batch headers and keys are looked up as data.
    const csv = new BatchReader('csv', spec, 'b.csv');
    csv.push(`name,${name}`, 1);
    expect(csv.headerIssues.map((i) => [i.code, i.field])).toEqual([['batch/header', name]]);
    const jsonl = new BatchReader('jsonl', spec, 'b.jsonl');
    const row = jsonl.push(`{${JSON.stringify(name)}: true}`, 1)!;
    expect(row.issues.map((i) => [i.code, i.field])).toEqual([['profile/unknown-field', name]]);
  });
});

describe('the CLI with a fact named constructor', () => {
  it('check answers undetermined when the profile leaves it out', () => {
    // Ensure the single-profile path (trace evaluator) treats it as unknown.
    const r = runCli(['check', '--dir', DIR, '--on', ON, '--set', 'size_wan=5', '--json']);
    expect(r.code).toBe(0);
    const results = (JSON.parse(r.stdout) as { results: { id: string; status: string }[] }).results;
    expect(results.map((x) => x.status)).toEqual(['undetermined', 'undetermined', 'ineligible']);
  });

  it('check reads it from a JSON profile file', () => {
    // Ensure the fast JSON path stores it as data.
    const r = runCli(['check', tmp('p.json', '{"constructor": false, "size_wan": 2000}'), '--dir', DIR, '--on', ON, '--json']);
    expect(r.code).toBe(0);
    const results = (JSON.parse(r.stdout) as { results: { status: string }[] }).results;
    expect(results.map((x) => x.status)).toEqual(['ineligible', 'eligible', 'ineligible']);
  });

  it('batch CSV and JSON Lines read it per row, and refuse __proto__', () => {
    // Ensure both batch inputs (compiled evaluator) agree with check.
    const csv = runCli(['check', '--dir', DIR, '--on', ON, '--batch', tmp('b.csv', 'name,constructor,size_wan\n甲,是,2000\n乙,,\n')]);
    expect(csv.code).toBe(0);
    const jsonl = runCli(['check', '--dir', DIR, '--on', ON, '--batch', tmp('b.jsonl', '{"name":"甲","constructor":true,"size_wan":2000}\n{"name":"乙"}\n{"__proto__":true}\n')]);
    expect(jsonl.code).toBe(1);
    const statusesOf = (out: string) => out.trim().split('\n').map((l) => JSON.parse(l) as { results?: { status: string }[]; errors?: { field: string }[] });
    for (const rows of [statusesOf(csv.stdout), statusesOf(jsonl.stdout)]) {
      expect(rows[0]!.results!.map((x) => x.status)).toEqual(['eligible', 'ineligible', 'eligible']);
      expect(rows[1]!.results!.map((x) => x.status)).toEqual(['undetermined', 'undetermined', 'undetermined']);
    }
    expect(statusesOf(jsonl.stdout)[2]!.errors!.map((e) => e.field)).toEqual(['__proto__']);
  });

  it.each(['constructor', 'toString', '__proto__', 'bogus'])('--only %s is a usage error (exit 2)', (word) => {
    // Ensure --only looks words up as data: constructor is refused like bogus.
    const r = runCli(['check', '--dir', DIR, '--set', 'size_wan=5', '--only', word]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--only "${word}" 无法识别`);
  });

  it.each(['constructor', 'toString', '__proto__'])('--explain %s is a usage error (exit 2)', (id) => {
    // Ensure --explain finds provisions by id only, never by a property name.
    const r = runCli(['check', '--dir', DIR, '--set', 'size_wan=5', '--explain', id]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`没有 id 为 "${id}" 的条目`);
  });

  it.each(['constructor', 'toString', '__proto__'])('show %s finds the policy only by its real id', (id) => {
    // Ensure show looks ids up as data: the policy `constructor` is found, the others are not.
    const r = runCli(['show', id, '--dir', DIR]);
    expect(r.code).toBe(id === 'constructor' ? 0 : 1);
  });
});
