//! Messages from the YAML and JSON parsers reach people in Chinese: the `yaml` parser's
//! errors are translated by their code (src/load/yaml-errors.ts), the parser's own English
//! message kept as `original` in JSON output (lint --format json, batch rows, the library).

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { compileDir } from '../../src/validate/index.js';
import { profileSpec } from '../../src/profile/values.js';
import { parseProfileText } from '../../src/profile/read.js';
import { readJsonProfile } from '../../src/profile/json.js';
import { locateYamlError } from '../../src/load/yaml-errors.js';
import type { Handbook } from '../../src/model/index.js';
import { ROOT, runCli } from '../helpers/cli.js';

const MINI = join(ROOT, 'test', 'check', 'fixtures', 'mini');
const spec = (() => {
  const h = compileDir(MINI).handbook as Handbook;
  return profileSpec(h.facts, h.derived);
})();

/** Broken YAML, one per kind of parser error a person makes. */
const BROKEN_YAML = [
  'region: 杭州\nregion: 宁波\n',
  'region: [杭州\nneeds_land: true\n',
  'region: {a: 1\nneeds_land: true\n',
  'region: "杭州\nneeds_land: true\n',
  '\tregion: 杭州\n',
  'region: 杭州\n needs_land: true\nfoo\n',
  'region: @杭州\n',
  '---\nregion: 杭州\n---\nregion: 宁波\n',
  'region: "\\q"\n',
  'region:\n  a: 1\n b: 2\n',
  'key: value: x\n',
  'a b\nc: 1\n',
];

/** English words of four letters or more: what a translated message must not contain. */
const ENGLISH = /[A-Za-z]{4,}/;
/** A message without what may be Latin in it: the formats' names, quoted keys and values. */
const words = (m: string): string => m.replace(/YAML|JSON|NaN|true|false|null|\[[^\]]*\]|"[^"]*"|“[^”]*”/g, '');

describe('YAML parser errors in Chinese', () => {
  it.each(BROKEN_YAML)('%j: a Chinese message, the original kept', (text) => {
    // Ensure each error is translated, and the parser's words are kept apart.
    const r = parseProfileText(text, 'p.yaml', spec);
    expect(r.issues.length).toBeGreaterThan(0);
    for (const i of r.issues) {
      expect(i.code).toBe('profile/syntax');
      expect(words(i.message)).not.toMatch(ENGLISH);
      expect(i.original).toMatch(ENGLISH);
    }
  });

  it('names the repeated key', () => {
    // Ensure the duplicate key message says which key.
    const doc = parseDocument('region: 杭州\nregion: 宁波\n', { uniqueKeys: true, prettyErrors: false });
    expect(locateYamlError(doc, doc.errors[0]!).message).toBe('键重复："region" 在同一映射中出现了两次');
  });

  it('lint --format json keeps the original next to the translation', () => {
    // Ensure the JSON contract carries both.
    const r = runCli(['lint', '--dir', join(ROOT, 'test', 'fixtures', 'yaml-syntax'), '--format', 'json']);
    const d = JSON.parse(r.stdout).diagnostics[0];
    expect(d.message).toMatch(/^YAML 语法错误：/);
    expect(words(d.message)).not.toMatch(ENGLISH);
    expect(d.original).toMatch(ENGLISH);
  });

  it('check prints only the Chinese message', () => {
    // Ensure people never read the parser's English.
    const r = runCli(['check', '-', '--dir', MINI], { input: 'region: [杭州\nneeds_land: true\n' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('-:2:1: error YAML 语法错误：方括号没有结束');
    expect(words(r.stderr.replace(/error|needs_land/g, ''))).not.toMatch(ENGLISH);
  });
});

describe('JSON parser errors in Chinese', () => {
  it.each(['{"region": "杭州",}', '{"region" "杭州"}', "{'region': 1}", '{"region": 杭州}', '{"region": "杭州"', '{"region": "杭州"} x', '{"region": NaN}'])('%j: a Chinese message with a position', (text) => {
    // Ensure the strict JSON reader words every syntax error in Chinese.
    const r = readJsonProfile(text, 'p.json', spec);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]!.code).toBe('profile/syntax');
    expect(r.issues[0]!.message).toMatch(/^JSON 语法错误：/);
    expect(words(r.issues[0]!.message)).not.toMatch(ENGLISH);
    expect(r.issues[0]!.line).toBe(1);
    expect(r.issues[0]!.column).toBeGreaterThan(0);
  });
});
