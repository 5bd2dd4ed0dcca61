// Terminal escapes from files, profiles, arguments and file names never reach a terminal raw:
// a copy of the mini handbook whose titles, bodies and fact labels carry OSC title and
// hyperlink sequences, clear-screen, `\r`, U+202E, U+2066 and U+009B, a profile whose name
// and values carry them, CSV cells, JSON Lines keys, hostile file names and arguments. Each
// command runs as a child process, without colour (NO_COLOR: not one escape byte) and with
// FORCE_COLOR (only our own SGR colour `\x1b[…m`); `--json` output escapes C1 and bidi too.
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliResult } from '../helpers/cli.js';
import { EVIL, EVIL_YAML, makeHostileHandbook } from '../helpers/hostile.js';
import { tempDir } from '../helpers/temp.js';

const TMP = tempDir('hb-escapes-');
const HANDBOOK = join(TMP, 'handbook');
const BROKEN = join(TMP, 'broken');

/** Raw characters that must never reach a terminal; ESC is allowed only as the start of our SGR. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]|\x1b(?!\[[0-9;]*m)/;

function expectSafe(r: CliResult, what: string, colour: boolean, dataOut = false): void {
  for (const [stream, text] of [['stdout', r.stdout], ['stderr', r.stderr]] as const) {
    if (dataOut && stream === 'stdout') continue;
    const m = RAW_CONTROL.exec(text);
    expect(m, `${what}: raw U+${m?.[0].codePointAt(0)!.toString(16)} on ${stream} at ${m?.index}: ${JSON.stringify(text.slice(Math.max(0, (m?.index ?? 0) - 30), (m?.index ?? 0) + 30))}`).toBeNull();
    if (!colour) expect(text, `${what}: an escape byte on ${stream} without colour`).not.toContain('\x1b');
    // The data's own SGR `\x1b[31m` is shown, never obeyed, even where we colour.
    expect(text).not.toMatch(/\x1b\[31mRED/);
  }
  expect(r.stderr, what).not.toMatch(/at .*\.js:\d+|TypeError|RangeError/);
}

const run = (args: string[], colour: boolean, input?: string): CliResult =>
  runCli(args, { cwd: TMP, env: colour ? { NO_COLOR: undefined, FORCE_COLOR: '1' } : { NO_COLOR: '1' }, ...(input !== undefined ? { input } : {}) });

beforeAll(() => {
  makeHostileHandbook(HANDBOOK);
  // A broken copy: an unknown front-matter field and an unknown fact, both named with escapes.
  cpSync(HANDBOOK, BROKEN, { recursive: true });
  const broken = join(BROKEN, '02-old.md');
  writeFileSync(broken, readFileSync(broken, 'utf8').replace(/^issuer:/m, `"x${EVIL_YAML}": 1\nissuer:`));
  writeFileSync(join(TMP, 'profile.yaml'), `name: "某某公司${EVIL_YAML}"\ninvestor_origin: 省外浙商\npaid_in_wan: 20000\nregistered_capital_wan: 20000\n`);
  writeFileSync(join(TMP, 'bad-profile.yaml'), `name: "某某公司${EVIL_YAML}"\ninvestor_origin: "省外${EVIL_YAML}"\n"k${EVIL_YAML}": 1\n`);
  writeFileSync(join(TMP, 'batch.csv'), `name,investor_origin,paid_in_wan\n"甲${EVIL.replace(/"/g, '""')}",省外浙商,100\n乙,"省外${EVIL}",1e5\n`);
  writeFileSync(join(TMP, 'batch.jsonl'), JSON.stringify({ name: `甲${EVIL}`, [`key${EVIL}`]: 1 }) + '\n' + JSON.stringify({ name: '乙', paid_in_wan: `x${EVIL}` }) + '\n');
});

const H = ['--dir', HANDBOOK, '--out', join(TMP, 'out')];

/** Each command that shows text from the hostile handbook, profile, batch file or arguments. */
/** `dataOut`: stdout is a data file (CSV), checked by the JSON tests below or left as data. */
const COMMANDS: { name: string; args: string[]; code: number; input?: string; dataOut?: boolean }[] = [
  { name: 'list', code: 0, args: ['list', ...H] },
  { name: 'show a policy', code: 0, args: ['show', 'reward', ...H] },
  { name: 'show a clause', code: 0, args: ['show', 'reward.1.1', ...H] },
  { name: 'show a provision', code: 0, args: ['show', 'reward.contribution', ...H] },
  { name: 'show an unknown id given with escapes', code: 1, args: ['show', `nope${EVIL}`, ...H] },
  { name: 'search', code: 0, args: ['search', '贡献奖励', ...H] },
  { name: 'search with escapes in the query', code: 0, args: ['search', `奖励${EVIL}`, ...H] },
  { name: 'search for nothing, with escapes', code: 2, args: ['search', `\u0007\u202E\u009b`, ...H] },
  { name: 'check a profile', code: 0, args: ['check', 'profile.yaml', ...H] },
  { name: 'check --explain', code: 0, args: ['check', 'profile.yaml', '--explain', 'reward.contribution', ...H] },
  { name: 'check a bad profile', code: 1, args: ['check', 'bad-profile.yaml', ...H] },
  { name: 'check --set with escapes', code: 1, args: ['check', '--set', `investor_origin=省外${EVIL}`, '--set', `name=${EVIL}`, ...H] },
  { name: 'check a file whose name has escapes', code: 1, args: ['check', `\x1b]0;t\x07\u202Ex.yaml`, ...H] },
  { name: 'check --explain of an unknown id with escapes', code: 2, args: ['check', 'profile.yaml', '--explain', `\x1b[2J`, ...H] },
  { name: 'check --batch CSV', code: 1, dataOut: true, args: ['check', '--batch', 'batch.csv', '--format', 'csv', ...H] },
  { name: 'check --batch JSON Lines', code: 1, args: ['check', '--batch', 'batch.jsonl', ...H] },
  { name: 'check --on with escapes', code: 2, args: ['check', 'profile.yaml', '--on', `\x1b[2J`, ...H] },
  { name: 'an unknown option with escapes', code: 2, args: [`--x${EVIL}`] },
  { name: 'an unknown command with escapes', code: 2, args: [`bogus${EVIL}`] },
  { name: 'lint with diagnostics naming escapes', code: 1, args: ['lint', '--dir', BROKEN] },
  { name: 'build of the broken handbook', code: 1, args: ['build', '--dir', BROKEN, '--out', join(TMP, 'out-broken')] },
  { name: 'brief to a path with escapes', code: 0, args: ['brief', 'profile.yaml', '--html', join(TMP, `\x1b[2J\u202E.html`), ...H] },
];

describe('no raw terminal escapes from files, profiles and arguments', () => {
  for (const c of COMMANDS) {
    for (const colour of [false, true]) {
      // Ensure the command shows every control character visibly, and only our colour is an escape.
      it(`${c.name} (${colour ? 'FORCE_COLOR' : 'NO_COLOR'})`, () => {
        const r = run(c.args, colour, c.input);
        expect(r.code, `${c.name}: exit code\n${r.stderr}`).toBe(c.code);
        expectSafe(r, c.name, colour, c.dataOut);
        expect(r.stdout + r.stderr, 'something was printed').not.toBe('');
      });
    }
  }

  // Ensure the escapes are shown where they were, visibly, not dropped.
  it('shows what was there: \\x1b, \\r and ⟨U+202E⟩', () => {
    const r = run(['show', 'reward.contribution', ...H], false);
    expect(r.stdout).toContain('\\x1b]0;PWNED\\x07');
    expect(r.stdout).toContain('⟨U+202E⟩evil⟨U+2066⟩\\x9b31m\\x1b[31mRED');
    expect(r.stdout).toContain('\\rOVER');
  });
});

describe('--json escapes C1 and bidi controls too', () => {
  const JSON_RAW = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
  for (const c of [
    { name: 'list --json', args: ['list', '--json', ...H] },
    { name: 'search --json', args: ['search', '贡献奖励', '--json', ...H] },
    { name: 'check --json', args: ['check', 'profile.yaml', '--json', ...H] },
    { name: 'lint --format json', args: ['lint', '--dir', BROKEN, '--format', 'json'] },
    { name: 'check --batch JSON Lines', args: ['check', '--batch', 'batch.jsonl', ...H] },
  ]) {
    // Ensure the JSON has no raw control, C1 or bidi character, and still parses to the same text.
    it(c.name, () => {
      const r = run(c.args, false);
      const text = r.stdout.replace(/\n$/, '');
      expect(text).not.toBe('');
      const m = JSON_RAW.exec(text.replace(/\n/g, ''));
      expect(m, `raw U+${m?.[0].codePointAt(0)!.toString(16)} in ${c.name}`).toBeNull();
      for (const line of c.name.includes('Lines') ? text.split('\n') : [text]) expect(() => JSON.parse(line)).not.toThrow();
      if (!c.name.startsWith('lint') && !c.name.includes('Lines')) expect(text).toMatch(/\\u009b|\\u202e/);
    });
  }
});
