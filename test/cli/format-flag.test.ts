// One flag vocabulary (#16 item 7): every command with machine output takes `--format`, with
// `--json` as its alias. Table-driven: for each command, `--json` and `--format json` print the
// same bytes, `--format text` is the default, an unknown format and a contradiction are usage
// errors (exit 2) that name the formats the command has.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ROOT, runCli } from '../helpers/cli.js';

const EX = join(ROOT, 'examples');
const cases: { name: string; args: string[]; formats: string[] }[] = [
  { name: 'lint', args: ['lint'], formats: ['text', 'json'] },
  { name: 'list', args: ['list'], formats: ['text', 'json'] },
  { name: 'search', args: ['search', '用地指标', '--limit', '2'], formats: ['text', 'json'] },
  { name: 'check', args: ['check', join(EX, 'partial.yaml'), '--on', '2026-11-30'], formats: ['text', 'json'] },
  { name: 'check --batch', args: ['check', '--batch', join(EX, 'batch.csv'), '--on', '2026-11-30'], formats: ['jsonl', 'csv'] },
];

describe.each(cases)('$name', ({ args, formats }) => {
  const [fallback, second] = formats as [string, string];
  const jsonAs = formats.includes('json') ? 'json' : 'jsonl';

  // Ensure --json is exactly --format json (jsonl for a batch), and the default is the first format.
  it(`--json equals --format ${jsonAs}; no flag equals --format ${fallback}`, () => {
    const viaAlias = runCli([...args, '--json']);
    const viaFormat = runCli([...args, '--format', jsonAs]);
    expect(viaAlias.code).toBe(viaFormat.code);
    expect(viaAlias.stdout).toBe(viaFormat.stdout);
    expect(viaAlias.stdout.length).toBeGreaterThan(0);
    const plain = runCli(args);
    const viaDefault = runCli([...args, '--format', fallback]);
    expect(plain.stdout).toBe(viaDefault.stdout);
    expect(runCli([...args, '--format', second]).stdout).not.toBe(plain.stdout);
  });

  // Ensure an unknown format is a usage error naming this command's formats, and nothing is printed on stdout.
  it('an unknown --format is exit 2 with the formats it has', () => {
    const r = runCli([...args, '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    for (const f of formats) expect(r.stderr).toContain(f);
  });

  // Ensure --json with a different --format is refused, not silently resolved one way.
  it('--json with another --format is exit 2', () => {
    const other = formats.find((f) => f !== jsonAs)!;
    const r = runCli([...args, '--json', '--format', other]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/不能同用/);
  });
});

describe('check: the format belongs to its mode', () => {
  // Ensure a batch format for one profile (and the reverse) says which mode takes it.
  it('--format csv without --batch, and --format text with --batch, are usage errors', () => {
    const single = runCli(['check', join(EX, 'partial.yaml'), '--format', 'csv']);
    expect(single.code).toBe(2);
    expect(single.stderr).toMatch(/只用于 --batch/);
    const batch = runCli(['check', '--batch', join(EX, 'batch.csv'), '--format', 'text']);
    expect(batch.code).toBe(2);
    expect(batch.stderr).toMatch(/jsonl 或 csv/);
  });
});
