// Valid text that took minutes before #15 (finding 3) goes through lint, build, search and show
// with the right answer. No timing is asserted (bench/linear.js measures it): the spawn
// timeout is only a guard against a hang, far above what linear time needs and far below what
// the quadratic paths took (a 1,000,000-character Han run: over two minutes to build; 400,000
// `<`: lint ~3 minutes; a link and 400,000 `[`: show several minutes).
import { describe, expect, it } from 'vitest';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const VALID = join(ROOT, 'test', 'fixtures', 'valid');
const HAN = '浙江省支持科技型小微企业创业创新发展用地指标政策补助资金融资担保人才公寓';
const GUARD = { timeoutMs: 90_000 };

function handbookWith(body: string): { dir: string; out: string } {
  const dir = tempDir('hb-text-');
  cpSync(VALID, dir, { recursive: true });
  writeFileSync(
    join(dir, '02-text.md'),
    `---\nid: text\ntitle: 长文本\nissuer: 某厅\ndate: 2012\neffective: 2012-01-01\nprovenance: confirmed\nsources: [测试]\n---\n\n## 一、正文\n\n（一）条款。${body}\n`,
  );
  return { dir, out: join(tempDir('hb-text-out-'), '.handbook') };
}

describe('hostile but valid text, at sizes that were quadratic', () => {
  it('a 1,000,000-character Han run: build and search', () => {
    // Ensure Intl.Segmenter sees the run in bounded chunks: the build finishes and the run is found.
    let run = '';
    for (let i = 0; run.length < 1_000_000; i++) run += HAN[(i * 7 + (i >> 3)) % HAN.length];
    const { dir, out } = handbookWith(run);
    const b = runCli(['build', '--dir', dir, '--out', out], GUARD);
    expect(b.signal).toBeNull();
    expect(b.code).toBe(0);
    const query = run.slice(500_000, 500_004);
    const s = runCli(['search', query, '--json', '--dir', dir, '--out', out], GUARD);
    expect(s.code).toBe(0);
    expect((JSON.parse(s.stdout) as { results: { clause: string }[] }).results.map((r) => r.clause)).toContain('text.1.1');
  });

  it('400,000 `<`: lint warns nothing it should not and ends', () => {
    // Ensure body text extraction scans `<` runs once (was the regex /<[^>]*>/g, retried from every `<`).
    const { dir, out } = handbookWith('<'.repeat(400_000));
    const r = runCli(['lint', '--dir', dir, '--out', out], GUARD);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/error/);
  });

  it('a link followed by 400,000 `[`: show prints the clause', () => {
    // Ensure terminal text strips links in one pass (was /!?\[([^\]]*)\]\([^)]*\)/g, retried from every `[`).
    const { dir, out } = handbookWith('见[总体意见](#parent)' + '['.repeat(400_000));
    const r = runCli(['show', 'text.1.1', '--dir', dir, '--out', out], GUARD);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('见总体意见[[[[');
  });
});
