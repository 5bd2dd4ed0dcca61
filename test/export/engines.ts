// What the SQL export tests share besides the engines (bench/sql-engines.js): compiling a
// fixture, every combination of values, the exported SQL through the real CLI, and the
// evaluator's statuses for a list of profiles.
import { expect } from 'vitest';
import type { Handbook, Profile, Scalar } from '../../src/model/index.js';
import { compileDir } from '../../src/validate/index.js';
import { check } from '../../src/eligibility/check.js';
import { runCli } from '../helpers/cli.js';
import type { NamedProfile } from '../../bench/sql-engines.js';

export function compileOrFail(dir: string): Handbook {
  const r = compileDir(dir);
  if (!r.handbook) throw new Error(`cannot compile ${dir}: ${JSON.stringify(r.diagnostics.slice(0, 3))}`);
  return r.handbook;
}

/** Every combination of the given values per fact (undefined = unknown). */
export function crossProduct(values: Record<string, (Scalar | undefined)[]>): Profile[] {
  let out: Profile[] = [{}];
  for (const [id, vs] of Object.entries(values)) {
    out = out.flatMap((p) => vs.map((v) => (v === undefined ? { ...p } : { ...p, [id]: v })));
  }
  return out;
}

/** `handbook export --sql --ddl` and `handbook export --sql` with the same arguments, as printed. */
export function exportedSql(args: string[]): { ddl: string; query: string } {
  const ddl = runCli(['export', '--sql', '--ddl', ...args]);
  expect(ddl.code, ddl.stderr).toBe(0);
  const query = runCli(['export', '--sql', ...args]);
  expect(query.code, query.stderr).toBe(0);
  return { ddl: ddl.stdout, query: query.stdout };
}

/** The in-process evaluator's statuses: name → provision id → status. */
export function evaluatorStatuses(handbook: Handbook, rows: readonly NamedProfile[], on: string): Map<string, Map<string, string>> {
  return new Map(rows.map(({ name, profile }) => [name, new Map(check(handbook, profile, { on, reasons: false }).decisions.map((d) => [d.id, d.status]))]));
}

/** The provision ids, in handbook order (the query's status columns). */
export function provisionIds(handbook: Handbook): string[] {
  return handbook.policies.flatMap((p) => p.provisions.map((pr) => pr.id));
}

/** The values the operator fixture (fixtures/ops) is tried with: quotes, a backslash, NULLs, thresholds. */
export const OPS_VALUES: Record<string, (Scalar | undefined)[]> = {
  origin: [undefined, '省外浙商', "O'Neil 资本", '反斜杠\\值', '其他'],
  amount: [undefined, -2, -1, 0, 6.5, 7, 100, 100.5],
  contact: [undefined, "it's", 'it\'s "q"', 'x'],
  flag_a: [undefined, true, false],
  flag_b: [undefined, true, false],
};
