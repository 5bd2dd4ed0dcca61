//! One number syntax in every profile input: each value of test/cases/numbers/bad-numbers.yaml
//! gives the same message (and code) in a YAML file, a JSON file, --set, a CSV cell, a JSON
//! Lines row and an `ask` answer, each with its field and position; plain decimals are
//! accepted alike. The CLI rows run the real bin/handbook.js; nothing is written on stdout.

import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { compileDir } from '../../src/validate/index.js';
import { profileSpec, readTextValue } from '../../src/profile/values.js';
import type { Handbook } from '../../src/model/index.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const MINI = join(ROOT, 'test', 'check', 'fixtures', 'mini');
const TABLE = parse(readFileSync(join(ROOT, 'test', 'cases', 'numbers', 'bad-numbers.yaml'), 'utf8')) as {
  cases: { value: string; message: string; code?: string; json?: boolean }[];
  accepted: { value: string; number: number }[];
};
const handbook = compileDir(MINI).handbook as Handbook;
const spec = profileSpec(handbook.facts, handbook.derived);
const TMP = tempDir('hb-numbers-');
let n = 0;

function file(name: string, text: string): string {
  const path = join(TMP, `${n++}-${name}`);
  writeFileSync(path, text);
  return path;
}

/** Each input: the command line for a value, and where its error is reported. */
const INPUTS: { input: string; json: boolean; run: (v: string) => { args: string[]; at: (path: string) => string } }[] = [
  { input: 'YAML file', json: false, run: (v) => ((p) => ({ args: [p], at: () => `${p}:1:14: ` }))(file('p.yaml', `paid_in_wan: ${v}\n`)) },
  { input: 'JSON file', json: true, run: (v) => ((p) => ({ args: [p], at: () => `${p}:1:17: ` }))(file('p.json', `{"paid_in_wan": ${v}}\n`)) },
  { input: '--set', json: false, run: (v) => ({ args: ['--set', `paid_in_wan=${v}`], at: () => '--set: ' }) },
  { input: 'CSV cell', json: false, run: (v) => ((p) => ({ args: ['--batch', p], at: () => `${p}:2: ` }))(file('b.csv', `name,paid_in_wan\n甲,${v.includes(',') ? `"${v}"` : v}\n`)) },
  { input: 'JSON Lines row', json: true, run: (v) => ((p) => ({ args: ['--batch', p], at: () => `${p}:1:17: ` }))(file('b.jsonl', `{"paid_in_wan": ${v}}\n`)) },
];

describe('bad numbers give the same message in every input', () => {
  for (const c of TABLE.cases) {
    const code = c.code ?? 'profile/type';
    it(`${c.value}: an ask answer`, () => {
      // Ensure the interview's answers are read as --set and CSV cells are.
      const r = readTextValue(spec.facts.get('paid_in_wan')!, c.value, spec);
      expect(r).toEqual({ ok: false, code, message: c.message });
    });
    for (const input of INPUTS) {
      if (input.json && c.json === false) continue;
      it(`${c.value}: ${input.input}`, () => {
        // Ensure exit 1, the field, the position and the exact message; no result written for it.
        const { args, at } = input.run(c.value);
        const r = runCli(['check', ...args, '--dir', MINI, '--on', '2026-11-30']);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`${at('')}error 字段 paid_in_wan：${c.message} [${code}]`);
        if (args[0] === '--batch') expect(r.stdout).not.toContain('"results"');
        else expect(r.stdout).toBe('');
      });
    }
  }
});

describe('plain decimals are accepted in every input', () => {
  /** The value of paid_in_wan in a `--json --explain` trace. */
  const actual = (node: { fact?: string; actual?: unknown; children?: unknown[] }): unknown =>
    node.fact === 'paid_in_wan' ? node.actual : (node.children ?? []).map((c) => actual(c as typeof node)).find((v) => v !== undefined);
  for (const c of TABLE.accepted) {
    for (const input of INPUTS) {
      it(`${c.value}: ${input.input}`, () => {
        // Ensure the same text is the same number everywhere (batch: the row is answered).
        const { args } = input.run(c.value);
        const batch = args[0] === '--batch';
        const r = runCli(['check', ...args, '--dir', MINI, '--on', '2026-11-30', ...(batch ? [] : ['--json', '--explain', 'reward.contribution'])]);
        expect(r.code).toBe(0);
        if (batch) expect(JSON.parse(r.stdout.split('\n')[0]!).results).toBeDefined();
        else expect(actual(JSON.parse(r.stdout).results[0].trace)).toBe(c.number);
      });
    }
  }
});
