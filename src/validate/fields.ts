//! Typed reading of YAML maps with positions: each getter reports a missing field,
//! a wrong type or an unknown key as a diagnostic at the node, and returns undefined.

import { isMap, isScalar, isSeq, type Node, type YAMLMap, type Pair } from 'yaml';
import { DiagnosticBag, suggestion, UNAMBIGUOUS } from '../diagnostics/index.js';
import { positionOf, type YamlSource } from '../load/parse.js';
import type { SourcePosition } from '../model/index.js';

export const ID_PATTERN = /^[a-z][a-z0-9_-]*$/;
const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PARTIAL_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-\d{2})?)?$/;

/** Is `s` a real calendar date YYYY-MM-DD? */
export function isFullDate(s: string): boolean {
  const m = FULL_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export function typeName(node: unknown): string {
  if (isMap(node)) return '映射';
  if (isSeq(node)) return '列表';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return '空值';
    if (typeof v === 'number') return `数字 ${v}`;
    if (typeof v === 'boolean') return `布尔值 ${v}`;
    return `字符串 "${String(v)}"`;
  }
  return '空值';
}

/** Reads the fields of one YAML map, reporting problems into `diagnostics`. */
export class MapReader {
  readonly seen = new Set<string>();

  constructor(
    readonly src: YamlSource,
    readonly map: YAMLMap,
    readonly diagnostics: DiagnosticBag,
    /** How the map is named in messages, e.g. 前置信息 or 条目 land.quota-priority. */
    readonly context: string,
  ) {}

  at(node: unknown): SourcePosition {
    return positionOf(this.src, node ?? this.map);
  }

  pair(key: string): Pair | undefined {
    return this.map.items.find((p) => isScalar(p.key) && String(p.key.value) === key) as Pair | undefined;
  }

  /** The value node of `key`, or undefined; marks the key as known. */
  node(key: string): Node | undefined {
    this.seen.add(key);
    const p = this.pair(key);
    if (!p) return undefined;
    return (p.value as Node | null) ?? undefined;
  }

  has(key: string): boolean {
    return this.pair(key) !== undefined;
  }

  missing(key: string, expected: string): void {
    this.diagnostics.error('front-matter/missing-field', `${this.context}缺少字段 "${key}"，应为${expected}`, this.at(this.map));
  }

  wrongType(key: string, node: unknown, expected: string): void {
    this.diagnostics.error('front-matter/type', `字段 "${key}" 的值为${typeName(node)}，应为${expected}`, this.at(node ?? this.pair(key)?.key));
  }

  string(key: string, required: boolean, expected = '非空字符串'): string | undefined {
    const node = this.node(key);
    if (node === undefined || (isScalar(node) && node.value === null)) {
      if (required) this.missing(key, expected);
      return undefined;
    }
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') && String(node.value).trim() !== '') {
      return String(node.value).trim();
    }
    this.wrongType(key, node, expected);
    return undefined;
  }

  id(key: string, required: boolean): string | undefined {
    const node = this.node(key);
    const value = this.string(key, required, '小写字母开头的 id（a-z、0-9、-、_）');
    if (value !== undefined && !ID_PATTERN.test(value)) {
      this.diagnostics.error('front-matter/value', `id "${value}" 格式错误，应为小写字母开头，只含 a-z、0-9、-、_`, this.at(node));
      return undefined;
    }
    return value;
  }

  /** A date: YYYY-MM-DD, or with `partial` also YYYY or YYYY-MM. */
  date(key: string, required: boolean, partial: boolean): string | undefined {
    const node = this.node(key);
    const expected = partial ? '日期 YYYY-MM-DD（或 YYYY、YYYY-MM）' : '日期 YYYY-MM-DD';
    const value = this.string(key, required, expected);
    if (value === undefined) return undefined;
    const ok = partial ? PARTIAL_DATE.test(value) && (value.length < 10 || isFullDate(value)) : isFullDate(value);
    if (!ok) {
      this.diagnostics.error('front-matter/value', `字段 "${key}" 的值 "${value}" 不是${expected}`, this.at(node));
      return undefined;
    }
    return value;
  }

  stringList(key: string, required: boolean): string[] | undefined {
    const node = this.node(key);
    if (node === undefined || (isScalar(node) && node.value === null)) {
      if (required) this.missing(key, '字符串列表');
      return undefined;
    }
    if (!isSeq(node)) {
      this.wrongType(key, node, '字符串列表');
      return undefined;
    }
    const out: string[] = [];
    for (const item of node.items) {
      if (isScalar(item) && (typeof item.value === 'string' || typeof item.value === 'number') && String(item.value).trim() !== '') {
        out.push(String(item.value).trim());
      } else {
        this.wrongType(key, item, '非空字符串');
      }
    }
    return out;
  }

  number(key: string, required: boolean): number | undefined {
    const node = this.node(key);
    if (node === undefined || (isScalar(node) && node.value === null)) {
      if (required) this.missing(key, '数字');
      return undefined;
    }
    if (isScalar(node) && typeof node.value === 'number' && Number.isFinite(node.value)) return node.value;
    this.wrongType(key, node, '数字');
    return undefined;
  }

  boolean(key: string): boolean | undefined {
    const node = this.node(key);
    if (node === undefined) return undefined;
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    this.wrongType(key, node, 'true 或 false');
    return undefined;
  }

  /** Reports every key that no getter asked for. */
  checkUnknownKeys(): void {
    for (const p of this.map.items) {
      const key = isScalar(p.key) ? String(p.key.value) : undefined;
      if (key === undefined) {
        this.diagnostics.error('front-matter/type', `${this.context}的键应为字符串`, this.at(p.key));
      } else if (!this.seen.has(key)) {
        this.diagnostics.error(
          'front-matter/unknown-field',
          `${this.context}中有未知字段 "${key}"${suggestion(key, this.seen, UNAMBIGUOUS)}，可用字段：${[...this.seen].join('、')}`,
          this.at(p.key),
        );
      }
    }
  }
}

/** A map node, or a diagnostic saying what was expected. */
export function expectMap(src: YamlSource, node: unknown, diagnostics: DiagnosticBag, what: string): YAMLMap | undefined {
  if (isMap(node)) return node;
  diagnostics.error('front-matter/type', `${what}应为映射（key: value），实际为${typeName(node)}`, positionOf(src, node));
  return undefined;
}
