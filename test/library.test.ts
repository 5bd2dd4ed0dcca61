// The public library API (src/index.ts), used as a build script would use it.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as api from '../src/index.js';
import { POLICIES, ROOT } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

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

  it('reading a profile and running a batch work as their TSDoc examples say', async () => {
    // Ensure the profile and batch use cases are library functions: a file read against the
    // spec, --set overrides, problems as Problems with codes, and a batch into any writable.
    const spec = api.profileSpec(handbook!.facts, handbook!.derived);
    const read = api.applySets(await api.readProfileFile(join(ROOT, 'examples', 'partial.yaml'), spec), ['needs_land=是'], spec);
    expect(read.issues).toEqual([]);
    expect(read.profile.needs_land).toBe(true);
    const direct = api.check(handbook!, read.profile, { on: '2026-11-30' });
    expect(direct.summary.eligible).toBeGreaterThan(0);
    const bad = api.applySets({ profile: api.emptyProfile(), issues: [] }, ['paid_in_wan=很多'], spec);
    expect(bad.issues.map((i) => [i.code, i.field, api.formatDiagnostic(i)])).toEqual([
      ['profile/type', 'paid_in_wan', expect.stringMatching(/^--set: error 字段 paid_in_wan：.*\[profile\/type\]$/)],
    ]);

    const { Writable } = await import('node:stream');
    const chunks: string[] = [];
    const sink = new Writable({ write: (c, _e, done) => (chunks.push(String(c)), done()) });
    const issues: string[] = [];
    const counts = await api.runBatch(handbook!, { path: join(ROOT, 'examples', 'batch.csv') }, sink as unknown as api.BatchOutput, {
      on: '2026-11-30',
      format: 'jsonl',
      onIssues: (list) => list.forEach((i) => issues.push(i.code)),
    });
    expect(counts).toMatchObject({ outcome: 'done', rows: 6, bad: 0 });
    expect(issues).toEqual([]);
    const lines = chunks.join('').trim().split('\n').map((l) => JSON.parse(l) as { line: number; results: { id: string; status: string }[] });
    expect(lines.map((l) => l.line)).toEqual([2, 3, 4, 5, 6, 7]);
    // The same answers as the CLI's batch for the same file and date.
    const cli = spawnSync(process.execPath, [join(ROOT, 'bin', 'handbook.js'), 'check', '--batch', join(ROOT, 'examples', 'batch.csv'), '--on', '2026-11-30'], { encoding: 'utf8' });
    expect(chunks.join('')).toBe(cli.stdout);
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
    const trace = join(tempDir('hb-lib-'), 'imports.txt');
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
