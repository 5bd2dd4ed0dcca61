// Inputs read by path that are not regular files, or too large: refused at once with a
// positioned diagnostic (or a profile/batch error), never opened for reading, never hanging.
import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { POLICIES, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const tmp = (prefix = 'hb-hostile-') => tempDir(prefix);
const copyOfPolicies = () => {
  const dir = tmp('hb-src-');
  cpSync(POLICIES, dir, { recursive: true });
  return dir;
};
const fifo = (dir: string) => {
  const path = join(dir, 'pipe');
  expect(spawnSync('mkfifo', [path]).status).toBe(0);
  return path;
};

/** The hostile entries of a handbook folder: each a symlink named like a policy file. */
const HOSTILE: { name: string; make: (outside: string) => string; code: string; words: RegExp }[] = [
  { name: 'a FIFO', make: fifo, code: 'file/not-regular', words: /是指向 .*pipe 的符号链接，目标是命名管道（FIFO），不是普通文件/ },
  { name: '/dev/zero', make: () => '/dev/zero', code: 'file/not-regular', words: /是指向 \/dev\/zero 的符号链接，目标是字符设备，不是普通文件/ },
  {
    name: 'a directory',
    make: (outside) => {
      mkdirSync(join(outside, 'folder'));
      return join(outside, 'folder');
    },
    code: 'file/not-regular',
    words: /目标是目录，不是普通文件/,
  },
  {
    name: 'a file over 8 MiB',
    make: (outside) => {
      const path = join(outside, 'huge.md');
      writeFileSync(path, '---\nid: huge\n---\n' + '文'.repeat(3 * 1024 * 1024));
      return path;
    },
    code: 'file/too-large',
    words: /文件超过 8 MiB 的大小上限，未读取/,
  },
];

describe('a handbook folder with a source that is not a regular file', () => {
  for (const h of HOSTILE) {
    for (const command of ['lint', 'build', 'search'] as const) {
      it(`${command}: a symlink to ${h.name} is a positioned [${h.code}] error, at once`, () => {
        // Ensure the file is never read as a source (a FIFO would block, /dev/zero never end), the run ends with exit 1 and a diagnostic, and nothing is written or replaced.
        const src = copyOfPolicies();
        const outside = tmp();
        const target = h.make(outside);
        const before = lstatSync(target);
        symlinkSync(target, join(src, '99-hostile.md'));
        const out = join(tmp(), 'out');
        const args = command === 'search' ? ['search', '用地', '--dir', src, '--out', out] : [command, '--dir', src, '--out', out];
        const r = runCli(args, { timeoutMs: 30_000 });
        expect(r.signal).toBeNull(); // not killed by the safety timeout: it did not hang
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(new RegExp(`99-hostile\\.md:1:1: error .*\\[${h.code.replace('/', '\\/')}\\]`));
        expect(r.stderr).toMatch(h.words);
        expect(r.stderr).not.toMatch(/at .*\.js:\d+|RangeError|TypeError/);
        // Nothing written, nothing left behind, the target untouched (a FIFO is still a FIFO).
        expect(existsSync(join(out, 'handbook.json'))).toBe(false);
        if (existsSync(out)) expect(readdirSync(out).filter((n) => n.includes('handbook-tmp'))).toEqual([]);
        const after = lstatSync(target);
        expect([after.ino, after.mode, after.size]).toEqual([before.ino, before.mode, before.size]);
      });
    }
  }

  it('a FIFO placed in the folder itself (not through a link) is reported, not skipped', () => {
    // Ensure a special file with a source's name is never silently left out of the handbook.
    const src = copyOfPolicies();
    expect(spawnSync('mkfifo', [join(src, '98-pipe.md')]).status).toBe(0);
    const r = runCli(['lint', '--dir', src], { timeoutMs: 30_000 });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/98-pipe\.md:1:1: error 是命名管道（FIFO），不是普通文件：只读取普通文件，未读取 \[file\/not-regular\]/);
    expect(statSync(join(src, '98-pipe.md')).isFIFO()).toBe(true);
  });
});

describe('profile and batch files read by path', () => {
  it('check FIFO: refused at once, exit 1, nothing read', () => {
    // Ensure a profile path that is a FIFO never blocks the check.
    const dir = tmp();
    const pipe = fifo(dir);
    const link = join(dir, 'profile.yaml');
    symlinkSync(pipe, link);
    const r = runCli(['check', link], { timeoutMs: 30_000 });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/profile\.yaml: error 无法读取画像文件：是指向 .*pipe 的符号链接，目标是命名管道（FIFO），不是普通文件：只读取普通文件 \[profile\/syntax\]/);
    expect(statSync(pipe).isFIFO()).toBe(true);
  });

  it('check of a FIFO given by a relative path: not called a symlink', () => {
    // Ensure the message names a link only for a real symlink (a relative path resolves to another string).
    const dir = tmp();
    fifo(dir);
    const r = runCli(['check', 'pipe'], { cwd: dir, timeoutMs: 30_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/pipe: error 无法读取画像文件：是命名管道（FIFO），不是普通文件/);
    expect(r.stderr).not.toMatch(/符号链接/);
  });

  it('check /dev/zero: refused as not a regular file (never read on and on)', () => {
    // Ensure an endless device is not read into memory as a profile.
    const r = runCli(['check', '/dev/zero'], { timeoutMs: 30_000 });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\/dev\/zero: error 无法读取画像文件：是字符设备，不是普通文件/);
  });

  it('check a profile over 1 MiB: refused by its size', () => {
    // Ensure a profile file has a documented size limit.
    const dir = tmp();
    const path = join(dir, 'big.yaml');
    writeFileSync(path, `name: "${'甲'.repeat(400_000)}"\n`);
    const r = runCli(['check', path], { timeoutMs: 30_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/big\.yaml: error 无法读取画像文件：文件超过 1 MiB 的大小上限/);
  });

  it('check --batch FIFO: refused at once, exit 1, no output', () => {
    // Ensure a batch path that is a FIFO is refused before a byte is read.
    const dir = tmp();
    const pipe = fifo(dir);
    const r = runCli(['check', '--batch', pipe], { timeoutMs: 30_000 });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/pipe: error 无法读取批量文件：是命名管道（FIFO），不是普通文件/);
  });
});
