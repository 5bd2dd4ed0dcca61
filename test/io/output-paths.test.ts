// Output paths are respected: nothing that is not a regular file is ever replaced, symlinks
// are followed to their target, kernel file systems and paths through files are refused at
// once, `-` is standard output, and stale temp files of killed runs are cleaned up.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { OutputPathError, resolveOutputPath, writeFileAtomic } from '../../src/io/write.js';
import { tempDir } from '../helpers/temp.js';

const fresh = () => tempDir('hb-out-');

/** A PID that is certainly not running: a child's, after it has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('writeFileAtomic (library)', () => {
  it('refuses a character device and leaves it a device', () => {
    // Ensure a device node is never turned into a regular file (this once replaced /dev/full).
    const dir = fresh();
    const node = join(dir, 'full');
    execFileSync('mknod', [node, 'c', '1', '7']);
    expect(() => writeFileAtomic(node, 'x')).toThrow(OutputPathError);
    expect(() => writeFileAtomic(node, 'x')).toThrow(/字符设备/);
    expect(lstatSync(node).isCharacterDevice()).toBe(true);
    expect(readdirSync(dir)).toEqual(['full']);
  });

  it('refuses a FIFO without opening it, and a directory', () => {
    // Ensure a FIFO target neither hangs the writer nor is replaced; a directory likewise.
    const dir = fresh();
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    mkdirSync(join(dir, 'folder'));
    expect(() => writeFileAtomic(join(dir, 'pipe'), 'x')).toThrow(/命名管道/);
    expect(() => writeFileAtomic(join(dir, 'folder'), 'x')).toThrow(/目录/);
    expect(lstatSync(join(dir, 'pipe')).isFIFO()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['folder', 'pipe']);
  });

  it('follows a symlink and writes its target atomically, keeping the link', () => {
    // Ensure the documented symlink rule: the link stays a link, its target gets the bytes.
    const dir = fresh();
    writeFileSync(join(dir, 'real.txt'), 'old');
    symlinkSync('real.txt', join(dir, 'link.txt'));
    expect(writeFileAtomic(join(dir, 'link.txt'), 'new')).toBe(join(dir, 'real.txt'));
    expect(lstatSync(join(dir, 'link.txt')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.txt'))).toBe('real.txt');
    expect(readFileSync(join(dir, 'real.txt'), 'utf8')).toBe('new');
    expect(readdirSync(dir).sort()).toEqual(['link.txt', 'real.txt']);
  });

  it('refuses a dangling symlink and a symlink to a device', () => {
    // Ensure a link cannot be used to reach something the writer would refuse directly.
    const dir = fresh();
    symlinkSync(join(dir, 'nowhere', 'x'), join(dir, 'dangling'));
    symlinkSync('/dev/null', join(dir, 'null'));
    expect(() => writeFileAtomic(join(dir, 'dangling'), 'x')).toThrow(/不存在/);
    expect(() => writeFileAtomic(join(dir, 'null'), 'x')).toThrow(/字符设备/);
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['dangling', 'null']);
  });

  it('refuses /proc, /sys and a path through a regular file before touching anything', () => {
    // Ensure these fail at once with a reason (Node's recursive mkdir spins on /proc).
    const dir = fresh();
    writeFileSync(join(dir, 'file'), 'x');
    expect(() => resolveOutputPath('/proc/x/y.html')).toThrow(/\/proc/);
    expect(() => resolveOutputPath('/proc/self/fd/1')).toThrow(/-/);
    expect(() => resolveOutputPath('/sys/kernel/y')).toThrow(/\/sys/);
    expect(() => writeFileAtomic(join(dir, 'file', 'sub', 'y.html'), 'x')).toThrow(/不是目录/);
    expect(readdirSync(dir)).toEqual(['file']);
  });

  it('removes stale temps of the same target whose PID is dead, and keeps live ones', () => {
    // Ensure a `kill -9` mid-write leaves nothing that later writes never clean (finding 8).
    const dir = fresh();
    const stale = join(dir, `.out.json.handbook-tmp-${deadPid()}-0badc0de`);
    const live = join(dir, `.out.json.handbook-tmp-${process.ppid}-0000beef`);
    const other = join(dir, `.other.json.handbook-tmp-${deadPid()}-00000001`);
    for (const f of [stale, live, other]) writeFileSync(f, 'partial');
    writeFileAtomic(join(dir, 'out.json'), '{}');
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(other)).toBe(true);
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe('{}');
  });

  it('keeps the mode of the file it replaces', () => {
    // Ensure an atomic replace does not silently change a file's permissions.
    const dir = fresh();
    writeFileSync(join(dir, 'f'), 'old', { mode: 0o600 });
    writeFileAtomic(join(dir, 'f'), 'new');
    expect(statSync(join(dir, 'f')).mode & 0o777).toBe(0o600);
  });
});

describe('commands that write files', () => {
  it('render --html onto a device node: exit 1, Chinese message, node untouched, nothing left in TMPDIR', () => {
    // Ensure render refuses before any work, leaves no temp file or browser profile behind.
    const dir = fresh();
    const tmp = fresh();
    const node = join(dir, 'full');
    execFileSync('mknod', [node, 'c', '1', '7']);
    const r = runCli(['render', '--html', node, '--pdf', join(dir, 'b.pdf'), '--date', '2026-11-30'], { env: { TMPDIR: tmp } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/不能写入 .*full：它已存在且是字符设备/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(lstatSync(node).isCharacterDevice()).toBe(true);
    expect(readdirSync(dir)).toEqual(['full']);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('render --html under /proc fails at once with exit 1', () => {
    // Ensure the output path is checked before the handbook is loaded (no spinning mkdir).
    const r = runCli(['render', '--html', '/proc/x/y.html', '--date', '2026-11-30']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('不能写入 /proc/x/y.html：它位于 /proc');
  });

  it('render --html - writes the page to standard output', () => {
    // Ensure `-` means stdout explicitly, and /proc/self/fd/1 is not needed for it.
    const r = runCli(['render', '--html', '-', '--date', '2026-11-30']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('<!DOCTYPE html>') || r.stdout.startsWith('<!doctype html>')).toBe(true);
    expect(r.stderr).toContain('已写出 标准输出');
  });

  it('export --sql onto a FIFO is refused without blocking, and the FIFO stays', () => {
    // Ensure export shares the writer's rule.
    const dir = fresh();
    execFileSync('mkfifo', [join(dir, 'q.sql')]);
    const r = runCli(['export', '--sql', join(dir, 'q.sql')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('命名管道');
    expect(lstatSync(join(dir, 'q.sql')).isFIFO()).toBe(true);
  });

  it('build into an --out whose handbook.json is a directory is refused before compiling', () => {
    // Ensure build checks its target first and writes nothing.
    const dir = fresh();
    mkdirSync(join(dir, 'out', 'handbook.json'), { recursive: true });
    const r = runCli(['build', '--out', join(dir, 'out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('它已存在且是目录');
    expect(readdirSync(join(dir, 'out'))).toEqual(['handbook.json']);
  });

  it('build removes the stale temp a killed build left behind', () => {
    // Ensure `kill -9` during a build never leaves a temp file that later builds keep.
    const dir = fresh();
    mkdirSync(join(dir, 'out'));
    const stale = join(dir, 'out', `.handbook.json.handbook-tmp-${deadPid()}-12345678`);
    writeFileSync(stale, '{"partial":');
    const r = runCli(['build', '--out', join(dir, 'out')]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(dir, 'out')).filter((n) => n.includes('handbook-tmp'))).toEqual([]);
  });
});
