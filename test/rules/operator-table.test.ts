// The rule language's operators are one table: a new operator is a compile error until the
// table gives everything every stage needs (validator, evaluators, words, SQL), and once it
// does, nothing else needs touching — no switch elsewhere can silently answer false or
// write `undefined` into SQL.
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ROOT } from '../helpers/cli.js';

const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** A copy of src/ with the operator union extended by `fake_op`, type-checked; `tableEntry` is added to OPERATORS when given. */
function typecheckWithFakeOperator(tableEntry?: string): { code: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hb-op-'));
  try {
    cpSync(join(ROOT, 'src'), join(dir, 'src'), { recursive: true });
    cpSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'));
    cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
    const model = join(dir, 'src', 'model', 'index.ts');
    const text = readFileSync(model, 'utf8');
    const extended = text.replace("| 'lt' | 'lte';", "| 'lt' | 'lte' | 'fake_op';");
    expect(extended).not.toBe(text);
    writeFileSync(model, extended);
    if (tableEntry) {
      const ops = join(dir, 'src', 'eligibility', 'operators.ts');
      const src = readFileSync(ops, 'utf8');
      const added = src.replace('} as const satisfies Record<ComparisonOperator, OperatorSpec>;', `  ${tableEntry}\n} as const satisfies Record<ComparisonOperator, OperatorSpec>;`);
      expect(added).not.toBe(src);
      writeFileSync(ops, added);
    }
    // The packages' types (and @types/node), as in the repository.
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    const r = spawnSync(process.execPath, [TSC, '-p', 'tsconfig.json', '--noEmit'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the operator table', () => {
  // Ensure an operator added to the model's union fails to compile, and the error is the table's.
  it('makes a new operator a compile error at the table', () => {
    const r = typecheckWithFakeOperator();
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/src\/eligibility\/operators\.ts.*fake_op/s);
    const files = new Set([...r.out.matchAll(/^(src\/[^(:]+)[(:]/gm)].map((m) => m[1]));
    expect([...files]).toEqual(['src/eligibility/operators.ts']);
  }, 180_000);

  // Ensure the table entry is all a new operator needs: the rest of src/ compiles with it.
  it('needs nothing but its table entry', () => {
    const r = typecheckWithFakeOperator(
      "fake_op: { list: false, ordering: true, negated: 'fake_op', words: '≈', test: (a, v) => a === v, sql: (c, [v]) => `${c} = ${v}` },",
    );
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  }, 180_000);
});
