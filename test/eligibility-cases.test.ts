//! Eligibility cases as data: every test/cases/eligibility/*.yaml file, run through the
//! library. In: the bundled handbook (policies/, compiled in memory) and the case files.
//! Out: one test per case asserting status, the exact set of `missing` facts and the
//! amount for each provision it names; plus checks that the case files themselves are
//! well-formed (a typo in a provision id, status or fact id fails loudly, never passes
//! silently) and that every provision is covered eligible / ineligible / undetermined.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type YAMLMap } from 'yaml';
import { readHandbookDir } from '../src/load/read.js';
import { compileSources } from '../src/validate/index.js';
import { DiagnosticBag } from '../src/diagnostics/index.js';
import { check, type Status } from '../src/eligibility/check.js';
import { canonicalWay, wayText } from './helpers/ways.js';
import type { Handbook, Profile, Scalar } from '../src/model/index.js';

const POLICIES_DIR = fileURLToPath(new URL('../policies/', import.meta.url));
const CASES_DIR = fileURLToPath(new URL('./cases/eligibility/', import.meta.url));
const DEFAULT_ON = '2026-11-30';
const STATUSES: readonly Status[] = ['eligible', 'ineligible', 'undetermined', 'not_in_force'];
const CASE_KEYS = ['name', 'on', 'profile', 'expect'];
const EXPECTATION_KEYS = ['status', 'missing', 'amount', 'toQualify', 'nextTier'];
const QUALIFY_OPS = ['=', 'in', '>=', '>', '<=', '<'];

/** What a case expects of one provision; absent keys are not asserted. */
interface Expectation {
  status: Status;
  missing?: string[];
  amount?: number | null;
  /** Ways to qualify, each written `fact op value & …` (compared as sets: order free). */
  toQualify?: string[];
  /** The next tier: its amount and ways, or null. */
  nextTier?: { amount: number; toQualify: string[] } | null;
}

interface EligibilityCase {
  file: string;
  line: number;
  name: string;
  on: string;
  profile: Profile;
  expect: Map<string, Expectation>;
  /** Problems with the case itself; a case with any is not run. */
  problems: string[];
}

interface CaseFile {
  file: string;
  cases: EligibilityCase[];
  /** Problems with the file as a whole (syntax, shape). */
  problems: string[];
}

/** The bundled handbook, compiled in memory; `errors` when it does not compile. */
function compileBundled(): { handbook?: Handbook; errors: string[] } {
  const bag = new DiagnosticBag();
  const files = readHandbookDir(POLICIES_DIR, bag);
  const result = compileSources(files, bag);
  const errors = result.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `policies/${d.file}:${d.line}:${d.column}: ${d.message} [${d.code}]`);
  return { handbook: result.handbook, errors };
}

function isValidDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function closest(word: string, candidates: Iterable<string>): string {
  let best = '';
  let bestScore = Infinity;
  for (const c of candidates) {
    const score = editDistance(word, c);
    if (score < bestScore) [best, bestScore] = [c, score];
  }
  return best !== '' && bestScore <= Math.max(2, Math.floor(word.length / 3)) ? `，是否想写 "${best}"？` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length]!;
}

/**
 * Parses and validates one case file against the handbook's provisions and facts.
 * Every problem names the file and line; nothing here throws on bad input.
 */
function readCaseFile(file: string, text: string, handbook: Handbook | undefined): CaseFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const lineOf = (node: unknown): number => {
    const range = (node as YamlNode | undefined)?.range;
    return range ? lines.linePos(range[0]).line : 1;
  };
  const out: CaseFile = { file, cases: [], problems: [] };
  for (const e of doc.errors) out.problems.push(`${file}:${lines.linePos(e.pos[0]).line}: YAML 语法错误：${e.message}`);
  if (out.problems.length > 0) return out;
  if (!isMap(doc.contents)) {
    out.problems.push(`${file}:1: 应为含 cases: 列表的映射`);
    return out;
  }
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key !== 'cases') out.problems.push(`${file}:${lineOf(pair.key)}: 未知的顶层字段 "${key}"，应只有 cases`);
  }
  const list = doc.contents.get('cases', true);
  if (!isSeq(list) || list.items.length === 0) {
    out.problems.push(`${file}:${lineOf(list ?? doc.contents)}: cases 应为非空列表`);
    return out;
  }

  const provisions = new Set(handbook?.policies.flatMap((p) => p.provisions.map((pr) => pr.id)) ?? []);
  const facts = new Map(handbook?.facts.map((f) => [f.id, f]) ?? []);
  const derived = new Set(handbook?.derived.map((d) => d.id) ?? []);

  for (const [index, item] of list.items.entries()) {
    const line = lineOf(item);
    const problems: string[] = [];
    const at = (node: unknown): string => `${file}:${lineOf(node ?? item)}`;
    const c: EligibilityCase = { file, line, name: `#${index + 1}`, on: DEFAULT_ON, profile: {}, expect: new Map(), problems };
    out.cases.push(c);
    if (!isMap(item)) {
      problems.push(`${at(item)}: 案例应为含 name、profile、expect 的映射`);
      continue;
    }
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!CASE_KEYS.includes(key)) problems.push(`${at(pair.key)}: 未知的案例字段 "${key}"，应为 ${CASE_KEYS.join('、')} 之一${closest(key, CASE_KEYS)}`);
    }
    const name = item.get('name', true);
    if (isScalar(name) && typeof name.value === 'string' && name.value.trim() !== '') c.name = name.value;
    else problems.push(`${at(name)}: 案例缺少 name（非空字符串）`);

    const on: unknown = item.get('on', true);
    if (on !== undefined) {
      const value: unknown = isScalar(on) ? on.value : (on as YamlNode).toJSON();
      if (typeof value === 'string' && isValidDate(value)) c.on = value;
      else problems.push(`${at(on)}: on 应为 YYYY-MM-DD 格式的日期，而不是 ${JSON.stringify(value)}`);
    }

    if (handbook === undefined) {
      problems.push(`${file}:${line}: 随附汇编无法编译，不能核对案例中的条目与事实`);
      continue;
    }
    readProfile(item, c, facts, derived, at);
    readExpect(item, c, provisions, facts, derived, at);
  }

  const seen = new Map<string, number>();
  for (const c of out.cases) {
    const first = seen.get(c.name);
    if (first !== undefined) c.problems.push(`${file}:${c.line}: 案例名 "${c.name}" 与第 ${first} 行的案例重复`);
    else seen.set(c.name, c.line);
  }
  return out;
}

type FactTable = Map<string, Handbook['facts'][number]>;

function readProfile(item: YAMLMap, c: EligibilityCase, facts: FactTable, derived: Set<string>, at: (n: unknown) => string): void {
  const profile = item.get('profile', true);
  if (!isMap(profile)) {
    c.problems.push(`${at(profile)}: 案例缺少 profile 映射（事实 id → 取值；全未知写 profile: {}）`);
    return;
  }
  for (const pair of profile.items) {
    const id = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = isScalar(pair.value) ? (pair.value.value as Scalar | null) : undefined;
    const where = at(pair.key);
    if (id === 'name') {
      if (typeof value !== 'string') c.problems.push(`${where}: profile 的 name 应为企业名称字符串`);
      continue;
    }
    const fact = facts.get(id);
    if (fact === undefined) {
      const hint = derived.has(id) ? `（"${id}" 是派生事实，由基础事实推出，不能直接给出）` : closest(id, facts.keys());
      c.problems.push(`${where}: profile 中的未知事实 "${id}"${hint}`);
      continue;
    }
    if (value === undefined || value === null) {
      c.problems.push(`${where}: 事实 "${id}" 应为单个取值；未知的事实请直接省略`);
      continue;
    }
    const wrong = (expected: string): void => {
      c.problems.push(`${where}: 事实 "${id}" 的取值 ${JSON.stringify(value)} 不合法，应为${expected}`);
    };
    if (fact.type === 'enum') {
      if (!fact.values?.includes(String(value)) || typeof value !== 'string') wrong(`${fact.values?.join('、')} 之一${closest(String(value), fact.values ?? [])}`);
    } else if (fact.type === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value)) wrong('数字');
      else if ((fact.min !== undefined && value < fact.min) || (fact.max !== undefined && value > fact.max)) wrong(`${fact.min ?? '-∞'}–${fact.max ?? '∞'} 之间的数字`);
    } else if (fact.type === 'boolean') {
      if (typeof value !== 'boolean') wrong(' true 或 false');
    } else if (typeof value !== 'string') {
      wrong('字符串');
    }
    c.profile[id] = value;
  }
}

function readExpect(
  item: YAMLMap,
  c: EligibilityCase,
  provisions: Set<string>,
  facts: FactTable,
  derived: Set<string>,
  at: (n: unknown) => string,
): void {
  const expectNode = item.get('expect', true);
  if (!isMap(expectNode) || expectNode.items.length === 0) {
    c.problems.push(`${at(expectNode)}: 案例缺少 expect 映射（条目 id → 状态，或含 status/missing/amount 的映射）`);
    return;
  }
  const statusOf = (node: unknown): Status | undefined => {
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v === 'string' && (STATUSES as readonly string[]).includes(v)) return v as Status;
    c.problems.push(`${at(node)}: 未知的状态 ${JSON.stringify(v ?? (node as YamlNode | undefined)?.toJSON?.())}，应为 ${STATUSES.join('、')} 之一${closest(String(v), STATUSES)}`);
    return undefined;
  };
  for (const pair of expectNode.items) {
    const id = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!provisions.has(id)) {
      c.problems.push(`${at(pair.key)}: expect 中的未知条目 id "${id}"${closest(id, provisions)}`);
      continue;
    }
    if (!isMap(pair.value)) {
      const status = statusOf(pair.value);
      if (status) c.expect.set(id, { status });
      continue;
    }
    const map = pair.value;
    for (const p of map.items) {
      const key = isScalar(p.key) ? String(p.key.value) : '';
      if (!EXPECTATION_KEYS.includes(key)) c.problems.push(`${at(p.key)}: "${id}" 的未知字段 "${key}"，应为 ${EXPECTATION_KEYS.join('、')} 之一${closest(key, EXPECTATION_KEYS)}`);
    }
    const status = statusOf(map.get('status', true));
    if (!status) continue;
    const e: Expectation = { status };
    if (map.has('missing')) {
      const node = map.get('missing', true);
      if (!isSeq(node)) {
        c.problems.push(`${at(node)}: "${id}" 的 missing 应为事实 id 的列表（可为 []）`);
      } else {
        e.missing = [];
        for (const m of node.items) {
          const f = isScalar(m) ? String(m.value) : '';
          if (derived.has(f)) c.problems.push(`${at(m)}: missing 中的 "${f}" 是派生事实；missing 只列基础事实，应写它展开后的事实`);
          else if (!facts.has(f)) c.problems.push(`${at(m)}: missing 中的未知事实 "${f}"${closest(f, facts.keys())}`);
          else if (e.missing.includes(f)) c.problems.push(`${at(m)}: missing 中的事实 "${f}" 重复`);
          else e.missing.push(f);
        }
      }
    }
    if (map.has('amount')) {
      const node = map.get('amount', true);
      const v = isScalar(node) ? node.value : undefined;
      if (v === null || (typeof v === 'number' && Number.isFinite(v))) e.amount = v;
      else c.problems.push(`${at(node)}: "${id}" 的 amount 应为数字或 null`);
    }
    if (map.has('toQualify')) {
      const ways = readWays(map.get('toQualify', true), `"${id}" 的 toQualify`, facts, c, at);
      if (ways) e.toQualify = ways;
    }
    if (map.has('nextTier')) {
      const node = map.get('nextTier', true);
      if (isScalar(node) && node.value === null) e.nextTier = null;
      else if (isMap(node)) {
        const amount = node.get('amount');
        const ways = readWays(node.get('toQualify', true), `"${id}" 的 nextTier.toQualify`, facts, c, at);
        if (typeof amount !== 'number') c.problems.push(`${at(node)}: "${id}" 的 nextTier 应含数字 amount`);
        else if (ways) e.nextTier = { amount, toQualify: ways };
      } else c.problems.push(`${at(node)}: "${id}" 的 nextTier 应为 null 或 { amount, toQualify }`);
    }
    c.expect.set(id, e);
  }
}

/**
 * A list of ways to qualify, each a string `fact op value & fact op value`, e.g.
 * `paid_in_wan >= 10000` or `investor_origin in [省外浙商, 境外浙商] & paid_in_wan > 0`.
 * Returned canonical (conditions sorted), so comparing as sorted lists ignores order.
 */
function readWays(node: unknown, what: string, facts: FactTable, c: EligibilityCase, at: (n: unknown) => string): string[] | undefined {
  if (!isSeq(node)) {
    c.problems.push(`${at(node)}: ${what} 应为列表（每项一种途径，如 "paid_in_wan >= 10000"；无途径写 []）`);
    return undefined;
  }
  const ways: string[] = [];
  for (const item of node.items) {
    const text = isScalar(item) ? String(item.value) : '';
    const conditions = text.split('&').map((x) => x.trim());
    for (const cond of conditions) {
      const m = /^([a-z_]+) (\S+) (.+)$/.exec(cond);
      if (!m || !facts.has(m[1]!) || !QUALIFY_OPS.includes(m[2]!)) c.problems.push(`${at(item)}: ${what} 中的条件 "${cond}" 应写作 事实id 运算(${QUALIFY_OPS.join(' ')}) 取值`);
    }
    ways.push(canonicalWay(conditions));
  }
  return ways.sort();
}


/** What the library decided, projected onto the keys the case asserts. */
function actualFor(c: EligibilityCase, handbook: Handbook): Record<string, Expectation> {
  const decisions = new Map(check(handbook, c.profile, { on: c.on }).decisions.map((d) => [d.id, d]));
  const out: Record<string, Expectation> = {};
  for (const [id, e] of c.expect) {
    const d = decisions.get(id)!;
    const got: Expectation = { status: d.status };
    if (e.missing !== undefined) got.missing = [...new Set(d.missing)].sort();
    if (e.amount !== undefined) got.amount = d.amount?.value ?? null;
    if (e.toQualify !== undefined) got.toQualify = d.toQualify.map(wayText).sort();
    if (e.nextTier !== undefined) got.nextTier = d.nextTier && { amount: d.nextTier.amount.value, toQualify: d.nextTier.toQualify.map(wayText).sort() };
    out[id] = got;
  }
  return out;
}

function expectedFor(c: EligibilityCase): Record<string, Expectation> {
  const out: Record<string, Expectation> = {};
  for (const [id, e] of c.expect) out[id] = e.missing === undefined ? { ...e } : { ...e, missing: [...e.missing].sort() };
  return out;
}

const bundled = compileBundled();
const caseFiles: CaseFile[] = readdirSync(CASES_DIR)
  .filter((n) => n.endsWith('.yaml') || n.endsWith('.yml'))
  .sort()
  .map((n) => readCaseFile(n, readFileSync(`${CASES_DIR}${n}`, 'utf8'), bundled.handbook));

describe('the bundled handbook', () => {
  // Ensure the cases run against a handbook that compiles: otherwise every case would fail for one reason.
  it('compiles without errors', () => {
    expect(bundled.errors, `随附汇编编译失败：\n${bundled.errors.join('\n')}`).toEqual([]);
  });
});

describe('the case files', () => {
  // Ensure there are case files at all, so a wrong folder cannot make the suite pass empty.
  it('exist and hold cases', () => {
    expect(caseFiles.length).toBeGreaterThan(0);
    expect(caseFiles.every((f) => f.cases.length > 0 || f.problems.length > 0)).toBe(true);
  });

  // Ensure every provision of the handbook has an eligible, an ineligible and an undetermined case, the last with its missing facts.
  it('cover every provision eligible, ineligible and undetermined (with missing)', () => {
    const handbook = bundled.handbook;
    expect(handbook, '随附汇编无法编译').toBeDefined();
    const covered = new Map<string, Set<string>>();
    for (const f of caseFiles) {
      for (const c of f.cases) {
        for (const [id, e] of c.expect) {
          if (!covered.has(id)) covered.set(id, new Set());
          const kind = e.status === 'undetermined' ? (e.missing !== undefined && e.missing.length > 0 ? 'undetermined+missing' : 'undetermined') : e.status;
          covered.get(id)!.add(kind);
        }
      }
    }
    const gaps: string[] = [];
    for (const policy of handbook!.policies) {
      for (const p of policy.provisions) {
        const kinds = covered.get(p.id) ?? new Set();
        const lacking = ['eligible', 'ineligible', 'undetermined+missing'].filter((k) => !kinds.has(k));
        if (lacking.length > 0) gaps.push(`${p.id}: 缺少 ${lacking.join('、')} 的案例`);
      }
    }
    expect(gaps).toEqual([]);
  });
});

describe('case file validation', () => {
  const handbook = bundled.handbook;
  const problemsOf = (text: string): string[] => {
    const f = readCaseFile('bad.yaml', text, handbook);
    return [...f.problems, ...f.cases.flatMap((c) => c.problems)];
  };

  // Ensure a misspelt provision id is reported with its line, not silently skipped.
  it('rejects an unknown provision id', () => {
    const problems = problemsOf('cases:\n  - name: x\n    profile: {}\n    expect:\n      fiscal.hq-setlement-reward: eligible\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^bad\.yaml:5: .*未知条目 id "fiscal\.hq-setlement-reward".*fiscal\.hq-settlement-reward/);
  });

  // Ensure a misspelt status is reported, whether written alone or inside a map.
  it('rejects an unknown status', () => {
    const problems = problemsOf(
      'cases:\n  - name: x\n    profile: {}\n    expect:\n      tax.high-tech-rate: elligible\n      tax.small-low-profit: { status: unknown }\n',
    );
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^bad\.yaml:5: 未知的状态 "elligible"/);
    expect(problems[1]).toMatch(/^bad\.yaml:6: 未知的状态 "unknown"/);
  });

  // Ensure unknown fact ids are rejected in the profile and in missing, and a derived fact in missing too.
  it('rejects unknown fact ids in the profile and in missing', () => {
    const problems = problemsOf(
      'cases:\n  - name: x\n    profile:\n      paid_in: 100\n      return_project: true\n    expect:\n      opinions.return-project-service: { status: undetermined, missing: [investor_orign, return_project] }\n',
    );
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/^bad\.yaml:4: profile 中的未知事实 "paid_in"/);
    expect(problems[1]).toMatch(/^bad\.yaml:5: .*"return_project".*派生事实/);
    expect(problems[2]).toMatch(/^bad\.yaml:7: missing 中的未知事实 "investor_orign".*investor_origin/);
    expect(problems[3]).toMatch(/^bad\.yaml:7: .*"return_project" 是派生事实/);
  });

  // Ensure a value outside a fact's declared values or type is rejected, so the case tests what it claims.
  it('rejects a profile value of the wrong kind', () => {
    const problems = problemsOf(
      'cases:\n  - name: x\n    profile:\n      investor_origin: 外省浙商\n      paid_in_wan: "12000"\n      needs_land: 是\n      rd_ratio_pct: 120\n    expect:\n      tax.high-tech-rate: undetermined\n',
    );
    expect(problems.map((p) => p.split(':')[1])).toEqual(['4', '5', '6', '7']);
  });

  // Ensure misspelt keys (expects, mising) and a bad date are reported rather than ignored.
  it('rejects unknown keys and a malformed date', () => {
    const problems = problemsOf(
      'cases:\n  - name: x\n    on: 2026-02-30\n    profile: {}\n    expects: {}\n    expect:\n      tax.high-tech-rate: { status: undetermined, mising: [high_tech] }\n',
    );
    expect(problems.some((p) => /^bad\.yaml:5: 未知的案例字段 "expects"/.test(p))).toBe(true);
    expect(problems.some((p) => /^bad\.yaml:3: on 应为 YYYY-MM-DD/.test(p))).toBe(true);
    expect(problems.some((p) => /^bad\.yaml:7: .*未知字段 "mising"/.test(p))).toBe(true);
  });

  // Ensure the cases in this folder pass all of the checks above.
  it.each(caseFiles.map((f) => [f.file, f] as const))('%s is well-formed', (_file, f) => {
    const problems = [...f.problems, ...f.cases.flatMap((c) => c.problems)];
    expect(problems, problems.join('\n')).toEqual([]);
  });
});

for (const f of caseFiles) {
  describe(`cases/eligibility/${f.file}`, () => {
    for (const c of f.cases) {
      // Ensure the library decides each named provision as the case expects (status, missing set, amount, ways to qualify, next tier).
      it(`${c.name} (${f.file}:${c.line})`, () => {
        expect(c.problems, c.problems.join('\n')).toEqual([]);
        expect(bundled.handbook, '随附汇编无法编译').toBeDefined();
        expect(actualFor(c, bundled.handbook!), `${f.file}:${c.line} ${c.name}（on ${c.on}）`).toEqual(expectedFor(c));
      });
    }
  });
}
