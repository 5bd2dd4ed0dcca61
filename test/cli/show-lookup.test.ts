// `show` by id in any case or by Chinese title, with near matches: the library lookup over the
// bundled handbook (cases as data: test/cases/lookup.yaml), and the CLI's words and exit codes.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DiagnosticBag } from '../../src/diagnostics/index.js';
import { readHandbookDir } from '../../src/load/read.js';
import { compileSources } from '../../src/validate/index.js';
import { idOf, lookup } from '../../src/model/lookup.js';
import { POLICIES, runCli } from '../helpers/cli.js';

interface LookupCase {
  name: string;
  query: string;
  found?: string;
  by?: string;
  candidates?: string[];
  near?: string[];
}

const cases = (parse(readFileSync(join(import.meta.dirname, '..', 'cases', 'lookup.yaml'), 'utf8')) as { lookup: LookupCase[] }).lookup;
const bag = new DiagnosticBag();
const handbook = compileSources(readHandbookDir(POLICIES, bag), bag).handbook!;

describe('lookup (test/cases/lookup.yaml)', () => {
  for (const c of cases) {
    // Ensure the name finds what the case says, or the candidates and near matches it lists.
    it(c.name, () => {
      const r = lookup(handbook, c.query);
      expect(r.found && idOf(r.found)).toBe(c.found);
      if (c.by) expect(r.matchedBy).toBe(c.by);
      if (c.candidates) expect(r.candidates.map(idOf)).toEqual(c.candidates);
      if (c.near) {
        expect(r.near.map(idOf).slice(0, c.near.length)).toEqual(c.near);
        if (c.near.length === 0) expect(r.near).toEqual([]);
      }
    });
  }
});

describe('handbook show NAME', () => {
  // Ensure a Chinese title shows the clause, and says which id it found.
  it('shows a clause by its title', () => {
    const r = runCli(['show', '用地指标倾斜']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('（id：land.2.1）');
    expect(r.stderr).toContain('按标题找到：land.2.1');
  });

  // Ensure an id in capitals is found.
  it('finds an id without regard to case', () => {
    const r = runCli(['show', 'LAND.QUOTA-PRIORITY']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('land.quota-priority');
  });

  // Ensure a word shared by several titles lists them, with exit code 1.
  it('lists the candidates of a shared word', () => {
    const r = runCli(['show', '补助']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('“补助”对应多处，请用 id 指明其中一个');
    expect(r.stderr).toMatch(/commerce\.2\.2 {2}境外展会补助/);
  });

  // Ensure a mistyped id suggests the near ones, in Chinese, with exit code 1.
  it('suggests near matches', () => {
    const r = runCli(['show', 'lnad.2.1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('未找到 id 或标题为“lnad.2.1”的政策、条文或条目。');
    expect(r.stderr).toMatch(/相近的有：\n {2}land\.2\.1 {2}用地指标倾斜/);
  });
});
