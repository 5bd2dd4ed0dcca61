// The eligibility cases as data (test/cases/eligibility/*.yaml, whatever files exist),
// run again through the real CLI: `handbook check - --json --on DATE` per case, the
// profile on standard input. The files' own well-formedness is checked by
// test/eligibility-cases.test.ts; here only what the CLI answers.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { BIN, runCli } from '../helpers/cli.js';
import { canonicalWays, wayText } from '../helpers/ways.js';
import type { Alternative } from '../../src/eligibility/qualify.js';
import { tempDir } from '../helpers/temp.js';

const CASES_DIR = fileURLToPath(new URL('../cases/eligibility/', import.meta.url));
const DEFAULT_ON = '2026-11-30';
const OUT = tempDir('hb-cases-');

interface Expectation {
  status: string;
  missing?: string[];
  amount?: number | null;
  toQualify?: string[];
  nextTier?: { amount: number; toQualify: string[] } | null;
}
interface Case {
  name: string;
  on?: string;
  profile: Record<string, unknown>;
  expect: Record<string, string | Expectation>;
}

const files = readdirSync(CASES_DIR)
  .filter((n) => /\.ya?ml$/.test(n))
  .sort()
  .map((n) => ({ file: n, cases: ((parse(readFileSync(join(CASES_DIR, n), 'utf8')) as { cases?: Case[] } | null)?.cases ?? []) }));

interface JsonResult {
  id: string;
  status: string;
  amount: { value: number } | null;
  missing: string[];
  toQualify: Alternative[];
  nextTier: { amount: { value: number }; toQualify: Alternative[] } | null;
}

/** Runs the CLI on one case; resolves to its results by id, or throws with stderr. */
function runCase(c: Case): Promise<Map<string, JsonResult>> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [BIN, 'check', '-', '--json', '--on', String(c.on ?? DEFAULT_ON), '--out', OUT],
      { env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`exit ${error.code}: ${stderr}`));
        const j = JSON.parse(stdout) as { results: JsonResult[] };
        resolve(new Map(j.results.map((r) => [r.id, r])));
      },
    );
    child.stdin!.end(JSON.stringify(c.profile ?? {}));
  });
}

/** Runs every case, a few processes at a time. */
async function runAll(cases: Case[], parallel = 4): Promise<(Map<string, JsonResult> | Error)[]> {
  const out: (Map<string, JsonResult> | Error)[] = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      out[i] = await runCase(cases[i]!).catch((e: Error) => e);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return out;
}

// Compile once, so every run reads the same fresh compiled handbook.
beforeAll(() => {
  const r = runCli(['build', '--out', OUT]);
  if (r.code !== 0) throw new Error(`handbook build 失败：${r.stderr}`);
});

// Ensure a folder with no case files cannot make this suite pass empty.
it('finds case files', () => {
  expect(files.length).toBeGreaterThan(0);
});

for (const f of files) {
  describe(`cases/eligibility/${f.file} via handbook check --json`, () => {
    let results: (Map<string, JsonResult> | Error)[] = [];
    beforeAll(async () => {
      results = await runAll(f.cases);
    }, 300_000);

    f.cases.forEach((c, i) => {
      // Ensure the CLI's JSON gives each named provision the status, exact missing set, amount, ways to qualify and next tier the case expects.
      it(c.name, () => {
        const got = results[i]!;
        if (got instanceof Error) throw got;
        for (const [id, e] of Object.entries(c.expect)) {
          const want: Expectation = typeof e === 'string' ? { status: e } : e;
          const r = got.get(id);
          expect(r, `条目 ${id} 不在输出中`).toBeDefined();
          const actual: Expectation = { status: r!.status };
          if (want.missing !== undefined) actual.missing = [...r!.missing].sort();
          if (want.amount !== undefined) actual.amount = r!.amount?.value ?? null;
          if (want.toQualify !== undefined) actual.toQualify = r!.toQualify.map(wayText).sort();
          if (want.nextTier !== undefined) actual.nextTier = r!.nextTier && { amount: r!.nextTier.amount.value, toQualify: r!.nextTier.toQualify.map(wayText).sort() };
          const expected = {
            ...want,
            ...(want.missing !== undefined ? { missing: [...want.missing].sort() } : {}),
            ...(want.toQualify !== undefined ? { toQualify: canonicalWays(want.toQualify) } : {}),
            ...(want.nextTier ? { nextTier: { amount: want.nextTier.amount, toQualify: canonicalWays(want.nextTier.toQualify) } } : {}),
          };
          expect(actual, `${f.file} · ${c.name} · ${id}`).toEqual(expected);
        }
      });
    });
  });
}
