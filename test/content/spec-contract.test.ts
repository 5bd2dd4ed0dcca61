// The bundled handbook against ../shared/spec/handbook-content.md: every document and
// provision id of the spec exists with the spec's title, issuer and (parsed) rule formula.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileDir } from '../../src/validate/index.js';
import type { Rule } from '../../src/model/index.js';
import { POLICIES, ROOT } from '../helpers/cli.js';

const SPEC = join(ROOT, '..', 'shared', 'spec', 'handbook-content.md');
const hasSpec = existsSync(SPEC);

/** Rows of the Markdown table whose header starts with `header`. */
function tableRows(md: string, header: string): string[][] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`| ${header}`));
  const rows: string[][] = [];
  for (let i = start + 2; i < lines.length && lines[i]!.startsWith('|'); i++) {
    rows.push(lines[i]!.slice(1, -1).split('|').map((c) => c.trim()));
  }
  return rows;
}

/** Parses the spec's formula notation (∧ ∨ ¬ ∈ = ≥ > ≤ <, parentheses) into a canonical string. */
export function parseFormula(src: string): string {
  const tokens = src.match(/[∧∨¬(){},]|∈|≥|≤|=|>|<|[^\s∧∨¬(){},∈≥≤=><]+/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++]!;
  const or = (): string => {
    const parts = [and()];
    while (peek() === '∨') (next(), parts.push(and()));
    return parts.length === 1 ? parts[0]! : `any(${parts.flatMap(flat('any')).join(',')})`;
  };
  const and = (): string => {
    const parts = [unary()];
    while (peek() === '∧') (next(), parts.push(unary()));
    return parts.length === 1 ? parts[0]! : `all(${parts.flatMap(flat('all')).join(',')})`;
  };
  const unary = (): string => {
    if (peek() === '¬') return (next(), negate(unary()));
    if (peek() === '(') {
      next();
      const e = or();
      next();
      return e;
    }
    const id = next();
    const op = peek();
    if (op === '∈') {
      next();
      next(); // {
      const values: string[] = [];
      while (peek() !== '}') {
        const v = next();
        if (v !== ',') values.push(v);
      }
      next();
      return values.length === 1 ? `${id}=${values[0]}` : `${id} in [${values.sort().join(',')}]`;
    }
    const ops: Record<string, string> = { '=': '=', '≥': '>=', '>': '>', '≤': '<=', '<': '<' };
    if (op && ops[op]) return (next(), `${id}${ops[op]}${next()}`);
    return id;
  };
  return or();
}

const flat = (kind: string) => (s: string) => (s.startsWith(`${kind}(`) ? splitTop(s.slice(kind.length + 1, -1)) : [s]);
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if ((ch === '(' || ch === '[') && ++depth) cur += ch;
    else if ((ch === ')' || ch === ']') && depth--) cur += ch;
    else if (ch === ',' && depth === 0) (out.push(cur), (cur = ''));
    else cur += ch;
  }
  return [...out, cur];
}
const negate = (s: string) => `not(${s})`;

/** The compiled rule in the same canonical form. */
function canonical(rule: Rule): string {
  switch (rule.kind) {
    case 'all':
    case 'any':
      return `${rule.kind}(${rule.of.map(canonical).flatMap(flat(rule.kind)).join(',')})`;
    case 'not':
      return negate(canonical(rule.of));
    case 'fact':
      return rule.fact;
    case 'derived':
      return rule.name;
    case 'compare': {
      const v = rule.value;
      if (typeof v === 'boolean') return rule.op === 'equals' === v ? rule.fact : negate(rule.fact);
      if (Array.isArray(v)) {
        const one = v.length === 1 ? `${rule.fact}=${v[0]}` : `${rule.fact} in [${v.map(String).sort().join(',')}]`;
        return rule.op === 'in' ? one : negate(one);
      }
      const ops: Record<string, string> = { equals: '=', gte: '>=', gt: '>', lte: '<=', lt: '<' };
      return rule.op === 'not_equals' ? negate(`${rule.fact}=${v}`) : `${rule.fact}${ops[rule.op]}${v}`;
    }
  }
}

describe.skipIf(!hasSpec)('bundled handbook matches the content spec', () => {
  const spec = hasSpec ? readFileSync(SPEC, 'utf8') : '';
  const result = compileDir(POLICIES);
  const handbook = result.handbook!;

  it('compiles with no errors and no warnings', () => {
    // Ensure `handbook lint` is clean on policies/.
    expect(result.diagnostics).toEqual([]);
  });

  it('has exactly the spec documents, with their ids, files, titles, issuers and provenance', () => {
    // Ensure the document table of the spec is a contract the files keep.
    const rows = tableRows(spec, 'file');
    expect(rows.length).toBe(14);
    expect(handbook.policies.map((p) => p.id).sort()).toEqual(rows.map((r) => r[1]).sort());
    for (const [file, id, title, issuer, , provenance] of rows) {
      const p = handbook.policies.find((x) => x.id === id)!;
      expect(p.file, id).toBe(file);
      expect(p.title, id).toBe(title);
      expect(p.issuer, id).toBe(issuer);
      expect(provenance!.startsWith(p.provenance), id).toBe(true);
      if (id !== 'opinions') expect(p.parent, id).toBe('opinions');
    }
  });

  it('has exactly the spec provisions, each with the spec title and the spec rule', () => {
    // Ensure the 28 provision ids and their rules are the spec's, parsed from its formulas.
    const rows = tableRows(spec, 'provision id');
    const provisions = handbook.policies.flatMap((p) => p.provisions);
    expect(provisions.map((p) => p.id).sort()).toEqual(rows.map((r) => r[0]).sort());
    for (const [id, title, formula] of rows) {
      const p = provisions.find((x) => x.id === id)!;
      expect(p.title, id).toBe(title!.replace(/"/g, '"'));
      expect(canonical(p.rule), id).toBe(parseFormula(formula!));
    }
  });

  it('declares the 14 facts with the spec types and enum values, and both derived facts', () => {
    // Ensure the profile's questions are the spec's, value for value.
    const rows = tableRows(spec, 'id');
    expect(handbook.facts.map((f) => f.id)).toEqual(rows.map((r) => r[0]));
    for (const [id, type, values] of rows) {
      const f = handbook.facts.find((x) => x.id === id)!;
      expect(type!.startsWith(f.type), id).toBe(true);
      if (f.type === 'enum') expect(f.values, id).toEqual(values!.split(/\s+/));
    }
    expect(handbook.derived.map((d) => d.id)).toEqual(['return_project', 'major_return_project']);
    expect(canonical(handbook.derived[0]!.rule)).toBe(parseFormula('investor_origin ∈ {省外浙商, 境外浙商} ∧ paid_in_wan > 0'));
    expect(canonical(handbook.derived[1]!.rule)).toBe(parseFormula('return_project ∧ paid_in_wan ≥ 50000'));
  });

  it('declares changeable exactly the spec\'s "Changeable facts"', () => {
    // Ensure "what it would take to qualify" asks to change only the facts the spec says an enterprise can act on.
    const section = spec.slice(spec.indexOf('Changeable facts:'), spec.indexOf('The others ('));
    const listed = [...section.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]);
    expect(listed.length).toBeGreaterThan(0);
    expect(handbook.facts.filter((f) => f.changeable === true).map((f) => f.id).sort()).toEqual([...listed].sort());
    expect(handbook.facts.every((f) => f.changeable === undefined || f.changeable === true)).toBe(true);
  });

  it('marks every illustrative document visibly at the top of its body', () => {
    // Ensure nothing illustrative reads as official.
    for (const p of handbook.policies.filter((x) => x.provenance === 'illustrative')) {
      expect(p.preamble.split('\n')[0], p.id).toMatch(/^>.*示例/);
    }
  });
});

describe('the formula parser used above', () => {
  it('parses precedence, negation, membership and comparisons', () => {
    // Ensure the contract test itself reads the spec's notation correctly.
    expect(parseFormula('a ∧ b ∨ c')).toBe('any(all(a,b),c)');
    expect(parseFormula('x ≥ 3 ∧ (h ∨ i = 战略性新兴产业)')).toBe('all(x>=3,any(h,i=战略性新兴产业))');
    expect(parseFormula('¬p ∧ s ∈ {小型, 微型}')).toBe('all(not(p),s in [小型,微型])');
  });
});
