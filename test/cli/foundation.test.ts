// The foundation commands (build, lint, list, init) run as real child processes.
import { describe, expect, it } from 'vitest';
import { cpSync, readFileSync, readdirSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { compileDir } from '../../src/validate/index.js';
import { readCompiled, SCHEMA_VERSION } from '../../src/compiled/index.js';
import { spawnSync } from 'node:child_process';
import { BIN, POLICIES, ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const tmp = (prefix = 'hb-') => tempDir(prefix);
const copyOfPolicies = () => {
  const dir = tmp('hb-src-');
  cpSync(POLICIES, dir, { recursive: true });
  return dir;
};

describe('handbook build', () => {
  it('writes a compiled handbook that round-trips to the in-memory compile', () => {
    // Ensure the compiled JSON holds exactly the validated handbook and the sources' hashes.
    const out = tmp();
    const r = runCli(['build', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/已编译 14 份文件、28 个条目、14 个事实/);
    const compiled = readCompiled(join(out, 'handbook.json'));
    expect(compiled.format).toBe('policy-handbook');
    expect(compiled.schemaVersion).toBe(SCHEMA_VERSION);
    expect(compiled.sources.map((s: { path: string }) => s.path)).toContain('01-land.md');
    const fresh = compileDir(POLICIES).handbook;
    expect(compiled.handbook).toEqual(JSON.parse(JSON.stringify(fresh)));
  });

  it('is deterministic: two builds are byte-identical', () => {
    // Ensure a build step gets identical output for identical input.
    const a = tmp();
    const b = tmp();
    expect(runCli(['build', '--out', a]).code).toBe(0);
    expect(runCli(['build', '--out', b], { cwd: tmpdir() }).code).toBe(0);
    expect(readFileSync(join(a, 'handbook.json'))).toEqual(readFileSync(join(b, 'handbook.json')));
  });

  it('a failed build leaves the earlier compiled handbook untouched', () => {
    // Ensure nothing earlier is lost or overwritten when the input turns bad.
    const out = tmp();
    const src = copyOfPolicies();
    expect(runCli(['build', '--dir', src, '--out', out]).code).toBe(0);
    const before = readFileSync(join(out, 'handbook.json'));
    writeFileSync(join(src, '02-fiscal.md'), readFileSync(join(src, '02-fiscal.md'), 'utf8').replace('gte: 10000\n', 'gte: 很多\n'));
    const r = runCli(['build', '--dir', src, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/02-fiscal\.md:\d+:\d+: error .*\[rule\/type-mismatch\]/);
    expect(r.stderr).toContain('未写出任何文件');
    expect(readFileSync(join(out, 'handbook.json'))).toEqual(before);
    expect(readdirSync(out)).toEqual(['handbook.json']);
  });

  it('reports a file it cannot read, by name, and still reports the rest', () => {
    // Ensure an unreadable source is a diagnostic, not a crash.
    const src = copyOfPolicies();
    symlinkSync('/nonexistent/target.md', join(src, '99-dangling.md'));
    const r = runCli(['lint', '--dir', src]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/99-dangling\.md:1:1: error 无法读取文件：文件不存在（ENOENT） \[file\/unreadable\]/);
  });

  it('says so when --dir is not a folder', () => {
    // Ensure a wrong path gets a clear message and exit 1.
    const r = runCli(['lint', '--dir', join(ROOT, 'package.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('不是目录');
  });
});

describe('reading commands use a fresh handbook', () => {
  it('recompile in memory when a source changed after build', () => {
    // Ensure nobody queries a stale compiled handbook by accident.
    const out = tmp();
    const src = copyOfPolicies();
    expect(runCli(['build', '--dir', src, '--out', out]).code).toBe(0);
    const path = join(src, '03-tax.md');
    writeFileSync(path, readFileSync(path, 'utf8').replace('title: 高新技术企业所得税优惠', 'title: 高新技术企业税率优惠'));
    const r = runCli(['list', '--json', '--dir', src, '--out', out]);
    expect(r.code).toBe(0);
    const titles = JSON.parse(r.stdout).policies.flatMap((p: { provisions: { title: string }[] }) => p.provisions.map((x) => x.title));
    expect(titles).toContain('高新技术企业税率优惠');
  });

  it('use the compiled file when it is fresh, and ignore one of another schema version', () => {
    // Ensure a compiled file is trusted only when its schema and sources match.
    const out = tmp();
    expect(runCli(['build', '--out', out]).code).toBe(0);
    const path = join(out, 'handbook.json');
    // Written back as one JSON document (a compiled file rewritten by other means is read whole).
    const compiled = readCompiled(path);
    compiled.handbook.meta.title = '来自编译产物';
    writeFileSync(path, JSON.stringify(compiled));
    expect(JSON.parse(runCli(['list', '--json', '--out', out]).stdout).handbook.title).toBe('来自编译产物');
    compiled.schemaVersion = 999;
    writeFileSync(path, JSON.stringify(compiled));
    expect(JSON.parse(runCli(['list', '--json', '--out', out]).stdout).handbook.title).toBe('浙商创业创新政策汇编');
  });
});

describe('handbook list', () => {
  it('--json lists the 14 policies and 28 provisions in booklet order', () => {
    // Ensure the list contract scripts rely on.
    const r = runCli(['list', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.policies[0].id).toBe('opinions');
    expect(j.policies.length).toBe(14);
    expect(j.policies.reduce((n: number, p: { provisions: unknown[] }) => n + p.provisions.length, 0)).toBe(28);
  });

  it('marks illustrative documents in the table', () => {
    // Ensure the terminal shows an illustrative document as such.
    const r = runCli(['list']);
    expect(r.stdout).toMatch(/fiscal\s+关于支持浙商创业创新的财政扶持政策 \[示例文本\]/);
    expect(r.stdout).not.toMatch(/opinions .*\[示例文本\]/);
  });

  it('a broken handbook: exit 1 with the diagnostics, nothing on stdout', () => {
    // Ensure reading commands refuse an invalid handbook clearly.
    const r = runCli(['list', '--dir', join(ROOT, 'test', 'fixtures', 'unknown-fact')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('[rule/unknown-fact]');
  });
});

describe('lint', () => {
  it('--format json gives diagnostics with code and position for editors', () => {
    // Ensure the machine-readable lint output carries everything a CI annotation needs.
    const r = runCli(['lint', '--format', 'json', '--dir', join(ROOT, 'test', 'fixtures', 'unknown-fact')]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.summary).toEqual({ errors: 1, warnings: 0 });
    expect(j.diagnostics[0]).toMatchObject({ code: 'rule/unknown-fact', file: '01-child.md', line: 16, column: 11, severity: 'error' });
  });

  it('HANDBOOK_DIR selects the handbook when --dir is absent', () => {
    // Ensure the environment variable works as documented.
    const r = runCli(['lint'], { env: { HANDBOOK_DIR: join(ROOT, 'test', 'fixtures', 'unknown-fact') } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('needs_lnd');
  });
});

describe('handbook init', () => {
  it('writes a small handbook that lints clean and builds', () => {
    // Ensure a new user's starting point is valid.
    const dir = join(tmp(), 'mine');
    const r = runCli(['init', dir]);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['00-general.md', '01-support.md', 'facts.yaml', 'handbook.yaml']);
    const lint = runCli(['lint', '--dir', dir]);
    expect(lint.code).toBe(0);
    expect(lint.stderr).toContain('0 个错误，0 个警告');
    const list = JSON.parse(runCli(['list', '--json', '--dir', dir]).stdout);
    expect(list.policies.map((p: { provisions: unknown[] }) => p.provisions.length)).toEqual([1, 1]);
  });

  it('refuses a non-empty folder and changes nothing in it', () => {
    // Ensure init never overwrites someone's files.
    const dir = tmp();
    writeFileSync(join(dir, 'facts.yaml'), 'mine');
    const r = runCli(['init', dir]);
    expect(r.code).toBe(1);
    expect(readFileSync(join(dir, 'facts.yaml'), 'utf8')).toBe('mine');
    expect(existsSync(join(dir, '00-general.md'))).toBe(false);
  });
});

describe('CLI conventions', () => {
  it('--version prints the package version', () => {
    // Ensure --version matches package.json.
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const r = runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('wrong usage exits 2 with a hint', () => {
    // Ensure usage errors are distinguishable from input errors.
    const cases: [string[], RegExp][] = [
      [['lint', '--bogus'], /错误：未知选项 "--bogus"/],
      [['lint', '--formt', 'json'], /是否应为 --format/],
      [['no-such-command'], /错误：未知命令 "no-such-command"/],
      [['lint', '--format', 'xml'], /未知的 --format "xml"/],
      [['init'], /错误：缺少参数 <dir>/],
      [['init', 'a', 'b'], /错误：参数过多/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stdout, args.join(' ')).toBe('');
    }
  });

  it('colour only when asked for, never with NO_COLOR', () => {
    // Ensure NO_COLOR wins and piped output is plain.
    const plain = runCli(['lint']);
    expect(plain.stderr).not.toMatch(/\x1b\[/);
    const forced = runCli(['lint'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(forced.stderr).toMatch(/\x1b\[/);
    const both = runCli(['lint'], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(both.stderr).not.toMatch(/\x1b\[/);
  });

  it('a closed pipe (handbook show … | head -1) is not a crash', () => {
    // Ensure EPIPE on stdout ends the process quietly with status 0, with output larger than a pipe's buffer.
    const dir = tmp('hb-big-');
    cpSync(join(ROOT, 'test', 'fixtures', 'valid'), dir, { recursive: true });
    const path = join(dir, '01-child.md');
    writeFileSync(path, readFileSync(path, 'utf8') + '\n（二）很长的条款。' + '浙商回归项目用地保障。'.repeat(20000) + '\n');
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" show child --dir "${dir}" | head -1; exit \${PIPESTATUS[0]}`], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.stdout.trim().length).toBeGreaterThan(0);
    expect(r.stderr).not.toMatch(/EPIPE|Error/);
    expect(r.status).toBe(0);
  });

  it('help is the reviewed golden text', () => {
    // Ensure help changes are deliberate: update test/cli/help.golden.txt when they are.
    const r = runCli(['--help']);
    expect(r.code).toBe(0);
    const golden = join(ROOT, 'test', 'cli', 'help.golden.txt');
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, r.stdout);
    expect(r.stdout).toBe(readFileSync(golden, 'utf8'));
    for (const cmd of ['build', 'lint', 'list', 'init']) {
      const sub = runCli([cmd, '--help']);
      expect(sub.code).toBe(0);
      expect(sub.stdout).toContain('示例：');
    }
  });
});
