//! The strict JSON reader of profiles (src/profile/json.ts): it accepts exactly what
//! JSON.parse accepts (with the same top-level values), refuses what JSON.parse refuses
//! with a Chinese message and a position — save one documented leniency, an unquoted
//! number-like token at the top level kept as written for the number check — and finds
//! repeated keys however they are written.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseJsonDocument, profileFormat } from '../../src/profile/json.js';
import { lineColumn } from '../../src/load/read.js';

/** The first top-level key given twice, from the parsed members. */
function repeatedKey(text: string): string | undefined {
  const doc = parseJsonDocument(text);
  if (doc.kind !== 'object') return undefined;
  const seen = new Set<string>();
  for (const m of doc.members) {
    if (seen.has(m.key)) return m.key;
    seen.add(m.key);
  }
  return undefined;
}

function jsonParses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('parseJsonDocument', () => {
  // Ensure any JSON text JSON.parse accepts is accepted, with the same top-level scalars.
  it('accepts what JSON.parse accepts, with the same values', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })).map((o) => JSON.stringify(o, null, 1))), (text) => {
        const doc = parseJsonDocument(text);
        expect(doc.kind).not.toBe('error');
        const value = JSON.parse(text) as unknown;
        if (doc.kind === 'object') {
          const expected = value as Record<string, unknown>;
          const got = Object.create(null) as Record<string, unknown>;
          for (const m of doc.members) if (!(m.key in got)) got[m.key] = m.nested ?? m.value;
          for (const [k, v] of Object.entries(expected)) expect(got[k]).toEqual(v !== null && typeof v === 'object' ? (Array.isArray(v) ? '列表' : '映射') : v);
        }
      }),
      { numRuns: 1500 },
    );
  });

  // Ensure text JSON.parse refuses is refused (a number-like top-level value aside).
  it('refuses what JSON.parse refuses', () => {
    const broken = fc.oneof(
      fc.string(),
      fc.json().chain((t) => fc.nat(t.length).map((i) => t.slice(0, i) + t.slice(i + 1))),
      fc.json().chain((t) => fc.tuple(fc.nat(t.length), fc.constantFrom(',', '}', ']', '"', ':', "'", '\n', '\u0000')).map(([i, c]) => t.slice(0, i) + c + t.slice(i))),
      fc.constantFrom('{"a":1,}', '[1,]', '{"a":1} x', "{'a':1}", '{"a" 1}', '{a:1}', '{"a":"x\ny"}', '{"a":"\\x"}', '{"a":[1,2}', '', ' ', '{', '{"a":NaN}', '{"a":Infinity}', '{"a":[0x10]}', '/*c*/{}'),
    );
    fc.assert(
      fc.property(broken, (text) => {
        if (jsonParses(text)) return;
        const doc = parseJsonDocument(text);
        if (doc.kind === 'object' && doc.members.some((m) => m.invalid)) return;
        expect(doc.kind).toBe('error');
        if (doc.kind === 'error') expect(doc.message).toMatch(/^JSON 语法错误：/);
      }),
      { numRuns: 3000 },
    );
  });

  // Ensure a trailing comma is named, at the comma.
  it('names a trailing comma at its position', () => {
    expect(parseJsonDocument('{"a": 1,\n}')).toEqual({ kind: 'error', at: 7, message: 'JSON 语法错误：意外的“,”：最后一项后面不能有逗号' });
    expect(lineColumn('{"a": 1,\n}', 7)).toEqual({ line: 1, column: 8 });
  });

  // Ensure number-like tokens are kept as written, and only at the top level.
  it('keeps number-like tokens as written', () => {
    const doc = parseJsonDocument('{"a": 1e5, "b": 0x10, "c": 12000}');
    expect(doc.kind === 'object' && doc.members.map((m) => [m.key, m.value, m.written, m.invalid ?? false])).toEqual([
      ['a', 100000, '1e5', false],
      ['b', null, '0x10', true],
      ['c', 12000, '12000', false],
    ]);
    expect(parseJsonDocument('{"a": [0x10]}').kind).toBe('error');
  });

  // Ensure deep nesting is refused, not a stack overflow.
  it('bounds nesting', () => {
    expect(parseJsonDocument(`{"a":${'['.repeat(100000)}`).kind).toBe('error');
  });

  // Ensure repeated top-level keys are found however they are written (escapes, spacing),
  // and that strings, nested objects and arrays that look like keys are not counted.
  it('finds a repeated key written differently', () => {
    expect(repeatedKey('{"size":"小型","size":"大型"}')).toBe('size');
    expect(repeatedKey('{ "size" :1,\n\t"\\u0073ize"\r\n:2}')).toBe('size');
    expect(repeatedKey('{"a":"\\"b\\":1","b":{"a":1,"a":2},"c":["a:","a"]}')).toBeUndefined();
    expect(repeatedKey('[{"a":1},{"a":2}]')).toBeUndefined();
  });

  // Ensure, for any object text JSON.parse accepts, the answer is the first key repeated at the top level.
  it('agrees with the keys as written, for generated objects', () => {
    const key = fc.constantFrom('a', 'b', 'size', '地区', 'a"b', 'x\\y', '');
    const escape = (k: string, esc: boolean) => (esc ? '"' + Array.from(k, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')).join('') + '"' : JSON.stringify(k));
    const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)), fc.constant('"\\"a\\":1"'));
    const space = fc.constantFrom('', ' ', '\n', '\t ', '\r\n');
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.boolean(), value, space), { maxLength: 8 }), (pairs) => {
        const text = '{' + pairs.map(([k, esc, v, sp]) => `${sp}${escape(k, esc)}${sp}:${sp}${v}`).join(',') + '}';
        JSON.parse(text);
        const seen = new Set<string>();
        let expected: string | undefined;
        for (const [k] of pairs) {
          if (seen.has(k)) {
            expected = k;
            break;
          }
          seen.add(k);
        }
        expect(repeatedKey(text)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('profileFormat', () => {
  // Ensure the documented rule: extension first, else the first character.
  it('tells JSON from YAML', () => {
    expect(profileFormat('p.json', 'a: 1')).toBe('json');
    expect(profileFormat('p.YAML', '{"a": 1}')).toBe('yaml');
    expect(profileFormat('-', '\n  {"a": 1}')).toBe('json');
    expect(profileFormat('-', 'a: 1')).toBe('yaml');
  });
});
