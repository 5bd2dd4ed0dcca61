//! One profile value against its fact's declaration: type, enum, range.
//! In: the handbook's facts and a raw value — typed (from YAML/JSON) or text (from a CSV
//! cell or `--set`). Out: the value as the evaluator wants it (number, boolean, enum string),
//! or a Chinese message saying what was expected. Pure: no I/O.
//!
//! Conversions (documented in docs/CHECK.md):
//! - numbers have one syntax in every input, the plain decimal (`12000`, `6.5`, `-3`,
//!   PLAIN_DECIMAL): a CSV cell or `--set` text, and the number as written in a YAML or
//!   JSON file (its source text, not the value the parser made of it). Exponents, hex,
//!   leading zeros or signs, thousands separators, units (`万`, `元`, `%`) and full-width
//!   digits are refused with the same message and hint wherever they appear, never guessed;
//! - booleans: `true/false`, `是/否`, `yes/no` (any case) in files; as text also `1/0`;
//! - an empty value (`null`, `""`, an empty CSV cell, `--set fact=`) means "unknown".

import type { DerivedFact, Fact, Scalar } from '../model/index.js';
import { factType } from '../model/fact-types.js';
import { suggestion, type DiagnosticCode, type Problem } from '../diagnostics/index.js';

/** The codes of profile and batch problems (in the one registry, diagnostics/CODES). */
export type ProfileIssueCode = Extract<DiagnosticCode, `profile/${string}` | `batch/${string}`>;

/** A problem with one field of a profile (or with the whole profile when `field` is ''): a Problem with its field. */
export interface ProfileIssue extends Problem {
  code: ProfileIssueCode;
  /** A fact id, `name`, or '' for the profile as a whole. */
  field: string;
}

/** The field that names the enterprise; not a fact. */
export const NAME_FIELD = 'name';

const TRUE_WORDS = new Set(['true', '是', 'yes']);
const FALSE_WORDS = new Set(['false', '否', 'no']);
/**
 * The one number syntax of profiles: an optional minus, digits without leading zeros, an
 * optional fraction. Every JSON number without exponent is one, so is every YAML decimal.
 */
export const PLAIN_DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

/** What a profile may contain, prepared once per handbook. */
export interface ProfileSpec {
  facts: ReadonlyMap<string, Fact>;
  derived: ReadonlyMap<string, DerivedFact>;
  /** Enum facts' allowed values, as sets. */
  enums: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every field a profile may have: fact ids and `name`. */
  fields: readonly string[];
}

export function profileSpec(facts: readonly Fact[], derived: readonly DerivedFact[] = []): ProfileSpec {
  const enums = new Map<string, Set<string>>();
  for (const f of facts) if (factType(f.type).declaresValues) enums.set(f.id, new Set(f.values ?? []));
  return {
    facts: new Map(facts.map((f) => [f.id, f])),
    derived: new Map(derived.map((d) => [d.id, d])),
    enums,
    fields: [NAME_FIELD, ...facts.map((f) => f.id)],
  };
}

/** The outcome of reading one value: the value (undefined = unknown) or why it is refused. */
export type ValueResult = { ok: true; value: Scalar | undefined } | { ok: false; code: ProfileIssueCode; message: string };

const UNKNOWN: ValueResult = { ok: true, value: undefined };

function fail(code: ProfileIssueCode, message: string): ValueResult {
  return { ok: false, code, message };
}

function show(raw: unknown): string {
  if (typeof raw === 'string') return `"${raw}"`;
  if (Array.isArray(raw)) return '列表';
  if (raw !== null && typeof raw === 'object') return '映射';
  return String(raw);
}

/** Why a unknown field name is refused: a typo of a fact, a derived fact, or simply unknown. */
export function unknownFieldMessage(field: string, spec: ProfileSpec): string {
  const d = spec.derived.get(field);
  if (d) return `"${field}" 是派生事实（${d.label}），由其他事实推出，不能直接填写`;
  const hint = closest(field, spec.fields);
  return `未知字段 "${field}"${hint || '；可用的字段为 facts.yaml 中声明的事实 id 和 name（运行 handbook schema profile 查看）'}`;
}

/**
 * "Did you mean" for ids: a close spelling, else the one id that starts with the word
 * (paid_in → paid_in_wan) or that the word starts with. Empty when nothing is likely.
 */
export function closest(word: string, candidates: readonly string[]): string {
  const s = suggestion(word, candidates);
  if (s !== '' || word.length < 3) return s;
  const w = word.toLowerCase();
  const prefixed = candidates.filter((c) => c.toLowerCase().startsWith(w) || w.startsWith(c.toLowerCase()));
  return prefixed.length === 1 ? suggestion(prefixed[0]!, prefixed) : '';
}

/** Why a number's text is not a plain decimal, and what to write instead ('' when nothing is likely). */
function numberHint(fact: Fact, text: string): string {
  if (/^[\d.,，\s]+$/.test(text) && /[,，]/.test(text)) return `；请去掉千分位逗号，写作 ${text.replace(/[,，\s]/g, '')}`;
  if (/[０-９．]/.test(text)) return '；请使用半角数字';
  if (/^-?[\d.]+\s*(万|亿|千|百|元|万元|亿元|%|％)$/.test(text)) {
    return fact.unit ? `；请只写以“${fact.unit}”计的数字，不要带单位` : '；请只写数字，不要带单位';
  }
  const n = Number(text.replace(/_/g, ''));
  const decimal = Number.isFinite(n) && Math.abs(n) < 1e21 ? String(n) : undefined;
  const instead = decimal !== undefined && PLAIN_DECIMAL.test(decimal) ? `，写作 ${decimal}` : '';
  if (/^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(text)) return `；不接受科学计数法${instead}`;
  if (/^[+-]?0[xXoObB][\da-fA-F_]+$/.test(text)) return `；只接受十进制数字${instead}`;
  if (/^[+-]?[\d.]*\d_[\d_.]*$/.test(text)) return `；请去掉下划线${instead}`;
  if (/^[+-]?\.?(inf|infinity|nan)$/i.test(text)) return '；不接受无穷大或 NaN';
  if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text) && instead !== '') return `；请写作 ${decimal}（不带正号、前导零，小数点前后都有数字）`;
  return '';
}

/**
 * A number as text — a CSV cell, `--set`, an `ask` answer, or a number as written in a
 * YAML/JSON file: a plain decimal, else refused with a hint for the usual slips.
 */
function numberFromText(fact: Fact, text: string): ValueResult {
  if (PLAIN_DECIMAL.test(text)) return rangeCheck(fact, Number(text));
  const unit = fact.unit ? `（单位：${fact.unit}）` : '';
  return fail('profile/type', `应为数字${unit}，实际为 "${text}"${numberHint(fact, text)}`);
}

function rangeCheck(fact: Fact, n: number): ValueResult {
  if (!Number.isFinite(n)) return fail('profile/type', `应为有限的数字，实际为 ${n}`);
  if (fact.min !== undefined && n < fact.min) return fail('profile/range', `应 ≥ ${fact.min}${fact.unit ?? ''}，实际为 ${n}`);
  if (fact.max !== undefined && n > fact.max) return fail('profile/range', `应 ≤ ${fact.max}${fact.unit ?? ''}，实际为 ${n}`);
  return { ok: true, value: n };
}

function enumCheck(fact: Fact, spec: ProfileSpec, text: string): ValueResult {
  if (spec.enums.get(fact.id)?.has(text)) return { ok: true, value: text };
  const values = fact.values ?? [];
  const hint = suggestion(text, values);
  return fail('profile/value', `"${text}" 不是可选的取值，应为 ${values.join('、')} 之一${hint}`);
}

function booleanFromText(text: string, allowDigits: boolean): boolean | undefined {
  const t = text.toLowerCase();
  if (TRUE_WORDS.has(t) || (allowDigits && t === '1')) return true;
  if (FALSE_WORDS.has(t) || (allowDigits && t === '0')) return false;
  return undefined;
}

/**
 * A typed value from a YAML/JSON profile. Numbers must be numbers; booleans may also be
 * written 是/否 or yes/no; `null` and `""` mean unknown. `written` is the source text of
 * an unquoted number (YAML, JSON): a number fact reads that text, as a CSV cell is read, so
 * `1e5` or `0x10` gets the same refusal in every input; a string or enum fact takes the
 * text as written (`007` stays `007`); a boolean fact refuses the number as before.
 */
export function readTypedValue(fact: Fact, raw: unknown, spec: ProfileSpec, written?: string): ValueResult {
  if (written !== undefined && fact.type === 'number') return numberFromText(fact, written);
  if (written !== undefined && fact.type !== 'boolean') return readTypedValue(fact, written, spec);
  if (raw === null || raw === undefined || raw === '') return UNKNOWN;
  switch (fact.type) {
    case 'number':
      if (typeof raw === 'number') return rangeCheck(fact, raw);
      if (typeof raw === 'string') {
        const r = numberFromText(fact, raw.trim());
        return r.ok ? fail('profile/type', `应为数字${fact.unit ? `（单位：${fact.unit}）` : ''}，不要加引号：写作 ${raw.trim()}`) : r;
      }
      return fail('profile/type', `应为数字${fact.unit ? `（单位：${fact.unit}）` : ''}，实际为${show(raw)}`);
    case 'boolean': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      const b = typeof raw === 'string' ? booleanFromText(raw.trim(), false) : undefined;
      if (b !== undefined) return { ok: true, value: b };
      return fail('profile/type', `应为 true 或 false（也可写 是/否），实际为 ${show(raw)}`);
    }
    case 'enum':
      if (typeof raw === 'string') return enumCheck(fact, spec, raw.trim());
      if (typeof raw === 'number' || typeof raw === 'boolean') return enumCheck(fact, spec, String(raw));
      return fail('profile/type', `应为 ${(fact.values ?? []).join('、')} 之一，实际为${show(raw)}`);
    case 'string':
      if (typeof raw === 'string' || typeof raw === 'number') return { ok: true, value: String(raw) };
      return fail('profile/type', `应为文字，实际为 ${show(raw)}`);
  }
}

/**
 * A text value (a CSV cell, the right side of `--set`): trimmed; empty means unknown;
 * numbers strictly decimal; booleans true/false, 是/否, yes/no, 1/0.
 */
export function readTextValue(fact: Fact, raw: string, spec: ProfileSpec): ValueResult {
  const text = raw.trim();
  if (text === '') return UNKNOWN;
  switch (fact.type) {
    case 'number':
      return numberFromText(fact, text);
    case 'boolean': {
      const b = booleanFromText(text, true);
      return b === undefined ? fail('profile/type', `应为 是/否（或 true/false、yes/no、1/0），实际为 "${text}"`) : { ok: true, value: b };
    }
    case 'enum':
      return enumCheck(fact, spec, text);
    case 'string':
      return { ok: true, value: text };
  }
}

/** The enterprise's name from a typed value: text or a number; absent when empty. */
export function readName(raw: unknown): { ok: true; value: string | undefined } | { ok: false; code: ProfileIssueCode; message: string } {
  if (raw === null || raw === undefined) return { ok: true, value: undefined };
  if (typeof raw === 'string') return { ok: true, value: raw.trim() === '' ? undefined : raw.trim() };
  if (typeof raw === 'number') return { ok: true, value: String(raw) };
  return { ok: false, code: 'profile/type', message: `企业名称应为文字，实际为 ${show(raw)}` };
}

