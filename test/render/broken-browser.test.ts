// A browser that never answers, closes the DevTools pipe, writes garbage or never finishes the
// print: render --pdf fails in bounded time with a Chinese message naming the executable and
// what it did not answer, exit 1, no PDF, no temp file, no browser profile left in TMPDIR.
import { describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const FAKES = join(ROOT, 'test', 'render', 'fake-browsers');

/** render --pdf with a fake browser, a 2-second bound and a fresh TMPDIR. */
function renderWith(fake: string, seconds: number) {
  const tmp = tempDir('hb-fake-tmp-');
  const out = tempDir('hb-fake-out-');
  const r = runCli(['render', '--pdf', join(out, 'b.pdf'), '--chromium', join(FAKES, fake), '--date', '2026-11-30'], {
    env: { TMPDIR: tmp, HANDBOOK_CHROMIUM_TIMEOUT: String(seconds) },
  });
  return { ...r, tmp: readdirSync(tmp), out: readdirSync(out) };
}

const STACK = /\n\s+at |node:internal/;

describe('render --pdf with a broken browser', () => {
  // The fake that prints is a Node script: it gets a bound long enough to start on a busy machine.
  const cases: [string, string, number, RegExp][] = [
    ['never answers', 'silent.sh', 2, /silent\.sh 在 2 秒内没有启动（未应答 DevTools 的 Target\.getTargets）/],
    ['closes the pipe', 'closes-pipe.sh', 2, /closes-pipe\.sh 关闭了 DevTools 管道/],
    ['writes garbage', 'garbage.sh', 2, /garbage\.sh 在 DevTools 管道上写出了无法解析的内容（不是 JSON）/],
    ['never answers Page.printToPDF', 'no-print.mjs', 10, /no-print\.mjs 在 10 秒内没有完成打印（Page\.printToPDF）/],
  ];
  for (const [name, fake, seconds, message] of cases) {
    it(`${name}: exit 1, the executable and the missing answer named, nothing left behind`, () => {
      // Ensure every wait on the browser is bounded and cleaned up after.
      const r = renderWith(fake, seconds);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(STACK);
      expect(r.out).toEqual([]);
      expect(r.tmp).toEqual([]);
    }, 60_000);
  }

  it('a profile left by a killed run (dead PID) is removed by the next launch; a live one is kept', () => {
    // Ensure `kill -9` during render --pdf does not leave browser profiles that pile up forever.
    const tmp = tempDir('hb-fake-tmp-');
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    mkdirSync(join(tmp, `handbook-chromium-${dead}-AbCdEf`));
    writeFileSync(join(tmp, `handbook-chromium-${dead}-AbCdEf`, 'Local State'), '{}');
    mkdirSync(join(tmp, `handbook-chromium-${process.pid}-keepme`));
    runCli(['render', '--pdf', join(tmp, 'x', 'b.pdf'), '--chromium', join(FAKES, 'garbage.sh'), '--date', '2026-11-30'], { env: { TMPDIR: tmp, HANDBOOK_CHROMIUM_TIMEOUT: '2' } });
    expect(readdirSync(tmp).sort()).toEqual([`handbook-chromium-${process.pid}-keepme`]);
  }, 60_000);
});
