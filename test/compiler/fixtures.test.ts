// Each folder under test/fixtures/ is a handbook with one class of mistake; its
// expected.yaml lists the exact diagnostics (code, file, line, column, and where given the
// message) it must produce, from the library and from both `handbook lint` and `build`.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { compileDir } from '../../src/validate/index.js';
import { CODES } from '../../src/diagnostics/index.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const FIXTURES = join(ROOT, 'test', 'fixtures');
const scenarios = readdirSync(FIXTURES).filter((n) => existsSync(join(FIXTURES, n, 'expected.yaml')));

interface Expected {
  diagnostics: { severity: string; code: string; file: string; line: number; column: number; message?: string }[];
}

const compileFixture = (name: string) => compileDir(join(FIXTURES, name));

/** The `path:line:col: severity …` lines of a CLI run's stderr, path from the fixture folder on. */
function diagnosticLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => /:\d+:\d+: (error|warning) /.test(l))
    .map((l) => l.slice(l.indexOf('/fixtures/') + '/fixtures/'.length));
}

/** The lines the expected diagnostics print as (the message only where expected.yaml gives it). */
function expectedLines(name: string, expected: Expected): (string | unknown)[] {
  return expected.diagnostics.map((d) =>
    d.message === undefined
      ? expect.stringMatching(new RegExp(`^${name}/${d.file.replace(/\./g, '\\.')}:${d.line}:${d.column}: ${d.severity} .* \\[${d.code}\\]$`))
      : `${name}/${d.file}:${d.line}:${d.column}: ${d.severity} ${d.message} [${d.code}]`,
  );
}

describe('fixture handbooks', () => {
  it('covers every class of input error the compiler reports', () => {
    // Ensure the fixture set does not silently shrink.
    expect(scenarios.length).toBeGreaterThanOrEqual(20);
  });

  for (const name of scenarios) {
    const expected = parse(readFileSync(join(FIXTURES, name, 'expected.yaml'), 'utf8')) as Expected;
    const errors = expected.diagnostics.filter((d) => d.severity === 'error').length;

    it(`${name}: produces exactly the expected diagnostics at their positions`, () => {
      const result = compileFixture(name);
      const got = result.diagnostics.map((d, i) => {
        const { severity, code, file, line, column, message } = d;
        return expected.diagnostics[i]?.message === undefined ? { severity, code, file, line, column } : { severity, code, file, line, column, message };
      });
      expect(got).toEqual(expected.diagnostics);
      expect(result.handbook === undefined).toBe(errors > 0);
    });

    it(`${name}: handbook build exits ${errors ? 1 : 0} and writes ${errors ? 'nothing' : 'the compiled handbook'}`, () => {
      const out = tempDir('hb-out-');
      const r = runCli(['build', '--dir', join(FIXTURES, name), '--out', out]);
      expect(r.code).toBe(errors ? 1 : 0);
      expect(readdirSync(out)).toEqual(errors ? [] : ['handbook.json']);
      expect(diagnosticLines(r.stderr)).toEqual(expectedLines(name, expected));
    });

    if (expected.diagnostics.some((d) => d.message !== undefined)) {
      it(`${name}: handbook lint prints the same diagnostics, word for word`, () => {
        // Ensure lint and build report one mistake identically (an editor may run either).
        const r = runCli(['lint', '--dir', join(FIXTURES, name)]);
        expect(r.code).toBe(errors ? 1 : 0);
        expect(diagnosticLines(r.stderr)).toEqual(expectedLines(name, expected));
      });
    }
  }

  it('documents every diagnostic code: the handbook\'s in docs/FORMAT.md, profiles\' and batches\' in docs/CHECK.md', () => {
    // Ensure a code added to the registry is explained where its readers look for it.
    const format = readFileSync(join(ROOT, 'docs', 'FORMAT.md'), 'utf8');
    const check = readFileSync(join(ROOT, 'docs', 'CHECK.md'), 'utf8');
    const undocumented = Object.keys(CODES).filter((c) => (/^(profile|batch)\//.test(c) ? !check.includes(`\`${c}\``) : !format.includes(`| \`${c}\` |`)));
    expect(undocumented).toEqual([]);
  });

  it('ten mistakes in one handbook are all reported in one run', () => {
    // Ensure one build shows every problem rather than stopping at the first.
    const r = runCli(['lint', '--dir', join(FIXTURES, 'ten-mistakes')]);
    expect(r.code).toBe(1);
    const codes = r.stderr.split('\n').filter((l) => / error /.test(l)).map((l) => /\[([^\]]+)\]$/.exec(l)?.[1]);
    expect(new Set(codes).size).toBe(10);
    expect(r.stderr).toContain('10 个错误');
  });

  it('messages suggest the intended name for typos', () => {
    // Ensure "did you mean" reaches the user for facts, enum values, fields and parents.
    const r = runCli(['lint', '--dir', join(FIXTURES, 'ten-mistakes')]);
    expect(r.stderr).toMatch(/"needs_lnd"（是否应为 "needs_land"？）/);
    expect(r.stderr).toMatch(/"微形".*是否应为 "微型"/);
    expect(r.stderr).toMatch(/"isuer"（是否应为 "issuer"？）/);
    expect(r.stderr).toMatch(/"parnet".*（是否应为 "parent"？）/);
  });
});
