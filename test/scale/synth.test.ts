// The synthetic-corpus generator (bench/synth.js) behind the scale benchmark: what it writes
// is a valid handbook, and the same seed gives the same bytes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const SYNTH = join(ROOT, 'bench', 'synth.js');
const work = mkdtempSync(join(tmpdir(), 'hb-synth-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function generate(n: number, seed: number, name: string): string {
  const dir = join(work, name);
  const r = spawnSync(process.execPath, [SYNTH, '--n', String(n), '--seed', String(seed), '--out', dir], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return dir;
}

function contents(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

describe('bench/synth.js', () => {
  const dir = generate(120, 7, 'a');

  it('ensures the generated handbook passes lint with 0 errors and 0 warnings', () => {
    const r = runCli(['lint', '--dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr + r.stdout).toContain('0 个错误，0 个警告');
  });

  it('ensures N policies plus facts.yaml, handbook.yaml and synonyms.yaml are written', () => {
    const files = readdirSync(dir);
    expect(files.filter((f) => f.endsWith('.md'))).toHaveLength(120);
    expect(files).toEqual(expect.arrayContaining(['facts.yaml', 'handbook.yaml', 'synonyms.yaml']));
  });

  it('ensures every body is 800–3000 characters with sections 一、… and clauses （一）…', () => {
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.md'))) {
      const body = readFileSync(join(dir, f), 'utf8').split('\n---\n')[1]!;
      const length = Array.from(body.trim()).length;
      expect(length, f).toBeGreaterThanOrEqual(800);
      expect(length, f).toBeLessThanOrEqual(3600); // the last clause may overshoot the target
      expect(body, f).toMatch(/^## 一、/m);
      expect(body, f).toMatch(/^（一）/m);
    }
  });

  it('ensures the same seed gives byte-identical files', () => {
    expect(contents(generate(120, 7, 'b'))).toEqual(contents(dir));
  });

  it('ensures another seed gives other policies', () => {
    expect(contents(generate(120, 8, 'c'))).not.toEqual(contents(dir));
  });

  it('ensures searching the generated handbook finds clauses of its policies', () => {
    const out = join(work, 'out');
    expect(runCli(['build', '--dir', dir, '--out', out]).code).toBe(0);
    const r = runCli(['search', '用地指标', '--dir', dir, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const results = (JSON.parse(r.stdout) as { results: { policy: string }[] }).results;
    expect(results.length).toBeGreaterThan(0);
    expect(readdirSync(dir).some((f) => f.includes(results[0]!.policy.split('-')[1]!))).toBe(true);
  });
});
