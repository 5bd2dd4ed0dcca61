// The public library API (src/index.ts), used as a build script would use it.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as api from '../src/index.js';
import { POLICIES, ROOT } from './helpers/cli.js';

describe('library API', () => {
  const { handbook, diagnostics } = api.compileDir(POLICIES);

  it('compileDir compiles the bundled handbook without diagnostics', () => {
    // Ensure the documented entry point works on the bundled handbook.
    expect(diagnostics).toEqual([]);
    expect(handbook?.policies.length).toBe(14);
  });

  it('check and nextQuestions work as the TSDoc example says', () => {
    // Ensure the documented example gives the documented answer.
    const result = api.check(handbook!, { investor_origin: '省外浙商', paid_in_wan: 12000 }, { on: '2026-11-30' });
    expect(result.decisions.find((d) => d.id === 'fiscal.contribution-reward')?.status).toBe('eligible');
    expect(result.summary.eligible + result.summary.ineligible + result.summary.undetermined).toBe(28);
    const questions = api.nextQuestions(handbook!, { investor_origin: '省外浙商', paid_in_wan: 12000 }, { on: '2026-11-30' });
    expect(questions.length).toBeGreaterThan(0);
    expect(questions.every((q) => q.fact.id !== 'investor_origin' && q.decides > 0)).toBe(true);
  });

  it('search and SQL export are reachable from the same entry point', () => {
    // Ensure the other stages are exported with working signatures.
    const index = api.buildSearchIndex(handbook!);
    expect(api.searchHandbook(handbook!, index, '用地指标').results[0]?.policy).toBe('land');
    expect(api.exportSqlQuery(handbook!, {})).toContain('"land.quota-priority"');
  });

  it('importing the library loads neither the unified stack nor playwright-core', () => {
    // Ensure build scripts that only check or search do not pay for the booklet.
    const code = `await import(${JSON.stringify(join(ROOT, 'dist', 'index.js'))});`;
    const hook = join(ROOT, 'test', 'helpers', 'trace-imports.mjs');
    const trace = join(mkdtempSync(join(tmpdir(), 'hb-lib-')), 'imports.txt');
    const r = spawnSync(process.execPath, ['--import', hook, '--input-type=module', '-e', code], {
      encoding: 'utf8',
      env: { ...process.env, HANDBOOK_TRACE_IMPORTS: trace },
    });
    expect(r.status, r.stderr).toBe(0);
    const loaded = readFileSync(trace, 'utf8');
    expect(loaded).toContain('/dist/index.js');
    expect(loaded).not.toMatch(/node_modules\/(unified|playwright-core|@inquirer)\//);
  });
});
