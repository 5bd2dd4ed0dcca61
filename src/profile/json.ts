//! Strict JSON for profiles: a JSON profile file (`check profile.json`, JSON on standard
//! input) and a JSON Lines row that the flat reader (json-line.ts) declines. In: the text.
//! Out: the top-level members with their offsets (keys, values, the source text of each
//! unquoted number), or the first syntax error with its offset and a Chinese message
//! ("意外的“}”，应为…"). Strict as RFC 8259: no trailing comma, no comments, no single
//! quotes, no NaN; a repeated key is reported, not silently kept. One leniency, for one
//! number syntax in every input: an unquoted token that starts like a number (`0x10`,
//! `.5`, `+3`, `007`) is kept as written, so a number fact refuses it with the same message
//! and hint as a CSV cell (values.ts). Also readJsonProfile: the text → a ReadProfile.
//! Hand-written rather than JSON.parse: JSON.parse gives no positions of values, English
//! messages, and keeps the last of repeated keys. Pure: no I/O.

import { emptyProfile, readField, readProfileObject, type ReadProfile } from './fields.js';
import { readFlatJsonObject } from './json-line.js';
import { NAME_FIELD, type ProfileIssue, type ProfileSpec } from './values.js';
import { lineColumn } from '../load/read.js';

/** One top-level `"key": value` of a JSON object. */
export interface JsonMember {
  key: string;
  /** Offsets of the key's opening quote and of the value's first character. */
  keyAt: number;
  valueAt: number;
  /** A scalar's value (null also for a nested value: see `nested`). */
  value: string | number | boolean | null;
  /** The text of an unquoted number, as written. */
  written?: string;
  /** The token starts like a number but is not a JSON number (`0x10`, `.5`). */
  invalid?: boolean;
  /** The value is a list or a map, not a scalar. */
  nested?: '列表' | '映射';
}

export type JsonDocument =
  | { kind: 'object'; members: JsonMember[] }
  | { kind: 'other'; what: '数组' | '单个值'; at: number }
  | { kind: 'error'; at: number; message: string };

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const MAX_DEPTH = 64;

class SyntaxProblem {
  constructor(
    readonly at: number,
    readonly message: string,
  ) {}
}

/** The character at `at` as a message shows it: “}”, U+0000, or 文件结尾. */
function shown(text: string, at: number): string {
  if (at >= text.length) return '文件结尾';
  const c = text.codePointAt(at)!;
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0xfeff) return `字符 U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  return `“${String.fromCodePoint(c)}”`;
}

class JsonParser {
  private at = 0;

  constructor(private readonly text: string) {}

  private fail(expected: string, at = this.at): never {
    throw new SyntaxProblem(at, `JSON 语法错误：意外的${shown(this.text, at)}，应为${expected}`);
  }

  private space(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.at);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.at++;
      else return;
    }
  }

  document(): JsonDocument {
    try {
      this.space();
      const start = this.at;
      let doc: JsonDocument;
      if (this.text.charCodeAt(start) === 0x7b /* { */) doc = { kind: 'object', members: this.object() };
      else {
        const nested = this.text.charCodeAt(start) === 0x5b; /* [ */
        if (this.value(0).invalid) this.fail('数字、字符串、true、false、null、列表或映射', start);
        doc = { kind: 'other', what: nested ? '数组' : '单个值', at: start };
      }
      this.space();
      if (this.at < this.text.length) this.fail('文档结尾（一个 JSON 文档只能有一个值）');
      return doc;
    } catch (e) {
      if (e instanceof SyntaxProblem) return { kind: 'error', at: e.at, message: e.message };
      throw e;
    }
  }

  /** The top-level object, from its `{`: its members in order. */
  private object(): JsonMember[] {
    const members: JsonMember[] = [];
    this.at++;
    this.space();
    if (this.text.charCodeAt(this.at) === 0x7d /* } */) {
      this.at++;
      return members;
    }
    for (;;) {
      if (this.text.charCodeAt(this.at) !== 0x22) this.fail('带双引号的字段名');
      const keyAt = this.at;
      const key = this.string();
      this.space();
      if (this.text.charCodeAt(this.at) !== 0x3a /* : */) this.fail('“:”');
      this.at++;
      this.space();
      const valueAt = this.at;
      const c = this.text.charCodeAt(valueAt);
      const member: JsonMember = { key, keyAt, valueAt, value: null };
      if (c === 0x7b || c === 0x5b) {
        this.value(1);
        member.nested = c === 0x7b ? '映射' : '列表';
      } else {
        const v = this.value(1);
        member.value = v.value;
        if (v.written !== undefined) member.written = v.written;
        if (v.invalid) member.invalid = true;
      }
      members.push(member);
      this.space();
      const next = this.text.charCodeAt(this.at);
      if (next === 0x7d) {
        this.at++;
        return members;
      }
      if (next !== 0x2c /* , */) this.fail('“,”或“}”');
      const comma = this.at++;
      this.space();
      if (this.text.charCodeAt(this.at) === 0x7d) {
        throw new SyntaxProblem(comma, 'JSON 语法错误：意外的“,”：最后一项后面不能有逗号');
      }
    }
  }

  /** Any value; nested lists and maps are checked and skipped. */
  private value(depth: number): { value: string | number | boolean | null; written?: string; invalid?: boolean } {
    if (depth > MAX_DEPTH) this.fail(`值（嵌套不能超过 ${MAX_DEPTH} 层）`);
    const t = this.text;
    const c = t.charCodeAt(this.at);
    if (c === 0x22) return { value: this.string() };
    if (c === 0x7b || c === 0x5b) {
      this.nested(c === 0x7b ? 0x7d : 0x5d, depth);
      return { value: null };
    }
    const start = this.at;
    let end = start;
    while (end < t.length && /[0-9A-Za-z_.+-]/.test(t[end]!)) end++;
    const token = t.slice(start, end);
    if (token === 'true' || token === 'false' || token === 'null') {
      this.at = end;
      return { value: token === 'null' ? null : token === 'true' };
    }
    if (/^[-+.\d]/.test(token)) {
      this.at = end;
      if (JSON_NUMBER.test(token)) return { value: Number(token), written: token };
      return { value: null, written: token, invalid: true };
    }
    if (token !== '') this.fail(`值：字符串（加双引号）、数字、true、false 或 null，而不是 ${token}`, start);
    return this.fail('值：字符串（文字请加双引号）、数字、true、false、null、列表或映射');
  }

  /** A list or a map from its opening bracket, to the matching closing one. */
  private nested(close: number, depth: number): void {
    this.at++;
    this.space();
    if (this.text.charCodeAt(this.at) === close) {
      this.at++;
      return;
    }
    for (;;) {
      if (close === 0x7d) {
        if (this.text.charCodeAt(this.at) !== 0x22) this.fail('带双引号的字段名');
        this.string();
        this.space();
        if (this.text.charCodeAt(this.at) !== 0x3a) this.fail('“:”');
        this.at++;
        this.space();
      }
      const v = this.value(depth + 1);
      if (v.invalid) this.fail('数字', this.at - (v.written?.length ?? 0));
      this.space();
      const next = this.text.charCodeAt(this.at);
      if (next === close) {
        this.at++;
        return;
      }
      if (next !== 0x2c) this.fail(close === 0x7d ? '“,”或“}”' : '“,”或“]”');
      const comma = this.at++;
      this.space();
      if (this.text.charCodeAt(this.at) === close) throw new SyntaxProblem(comma, 'JSON 语法错误：意外的“,”：最后一项后面不能有逗号');
    }
  }

  /** A string from its opening quote; escapes checked, then decoded by JSON.parse. */
  private string(): string {
    const t = this.text;
    const open = this.at;
    let escaped = false;
    for (let i = open + 1; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 0x22) {
        this.at = i + 1;
        return escaped ? (JSON.parse(t.slice(open, i + 1)) as string) : t.slice(open + 1, i);
      }
      if (c === 0x5c /* \ */) {
        escaped = true;
        const e = t[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(t.slice(i + 2, i + 6))) this.fail('\\u 后的四位十六进制数字', i);
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else this.fail('转义 \\" \\\\ \\/ \\b \\f \\n \\r \\t 或 \\uXXXX', i);
      } else if (c < 0x20) {
        this.fail('字符串内容（控制字符须转义，如换行写作 \\n）', i);
      }
    }
    throw new SyntaxProblem(open, 'JSON 语法错误：字符串没有结束：从这个引号起直到结尾都没有结束引号');
  }
}

/**
 * Whether a profile file is JSON (read strictly) or YAML: by its extension (`.json`;
 * `.yaml`, `.yml`), else — standard input, other names — JSON when its first character
 * (after a BOM and spaces) is `{` or `[`.
 */
export function profileFormat(file: string, text: string): 'json' | 'yaml' {
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  return /^\uFEFF?[ \t\r\n]*[{[]/.test(text) ? 'json' : 'yaml';
}

/** Parses a JSON document strictly (see the module's comment). */
export function parseJsonDocument(text: string): JsonDocument {
  return new JsonParser(text).document();
}

/**
 * A JSON profile's text → profile, every problem with its line and column (offsets are
 * counted from `base` lines and columns: a JSON Lines row is one line of its file).
 * A flat object without problems is read in one pass (json-line.ts); anything else is
 * parsed strictly here.
 */
export function readJsonProfile(text: string, file: string | undefined, spec: ProfileSpec, shape?: Readonly<Record<string, undefined>>, lineNo?: number): ReadProfile {
  const flat = readFlatJsonObject(text);
  if (flat && flat.repeated === undefined) {
    const fast = readProfileObject(flat.value, spec, shape);
    if (fast.issues.length === 0) return fast;
  }
  const result: ReadProfile = { profile: shape ? ({ ...shape } as unknown as ReadProfile['profile']) : emptyProfile(), issues: [] };
  const where = (offset: number): Pick<ProfileIssue, 'file' | 'line' | 'column'> => {
    const at = lineColumn(text, offset);
    const line = lineNo === undefined ? at.line : lineNo + at.line - 1;
    return { ...(file !== undefined ? { file } : {}), line, column: at.column };
  };
  const doc = parseJsonDocument(text);
  if (doc.kind === 'error') {
    result.issues.push({ severity: 'error', code: 'profile/syntax', field: '', message: doc.message, ...where(doc.at) });
    return result;
  }
  if (doc.kind === 'other') {
    result.issues.push({ severity: 'error', code: 'profile/not-a-map', field: '', message: `画像应为 JSON 对象（{"字段": 值}），实际为${doc.what}`, ...where(doc.at) });
    return result;
  }
  const seen = new Set<string>();
  for (const m of doc.members) {
    const issue = (code: ProfileIssue['code'], message: string, onKey = false): void => {
      result.issues.push({ severity: 'error', code, field: m.key, message, ...where(onKey ? m.keyAt : m.valueAt) });
    };
    if (seen.has(m.key)) {
      issue('profile/syntax', '键重复：同一字段只能写一次', true);
      continue;
    }
    seen.add(m.key);
    if (m.nested) {
      if (spec.facts.has(m.key) || m.key === NAME_FIELD) issue('profile/type', `应为单个值，实际为${m.nested}`);
      else readField(result, m.key, null, spec, issue);
      continue;
    }
    if (m.invalid && spec.facts.get(m.key)?.type !== 'number' && (spec.facts.has(m.key) || m.key === NAME_FIELD)) {
      issue('profile/syntax', `JSON 语法错误：${m.written} 不是合法的 JSON 值（文字请加双引号："${m.written}"）`);
      continue;
    }
    readField(result, m.key, m.value, spec, issue, m.written);
  }
  return result;
}
