// Orderings do not follow the process's locale: a handbook whose files have Chinese (and mixed-
// case Latin) names compiles to the same bytes, and lints to the same diagnostics in the same
// order, under LC_ALL/LANG=zh_CN.UTF-8 (pinyin collation) and C.UTF-8.
import { describe, expect, it } from 'vitest';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { POLICIES, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

/** The bundled handbook with its policies renamed so that pinyin and code-unit order disagree. */
function chineseNamedHandbook(): string {
  const dir = tempDir('hb-locale-');
  const names = ['意见.md', '用地.md', '财政.md', 'Zeta.md', 'alpha.md', '商务.md', '质监.md', '建设.md', '环保.md', '产业.md', '工商.md', '科技.md', '人才.md', '金融.md', '总部.md'];
  const policies = readdirSync(POLICIES).filter((f) => f.endsWith('.md')).sort();
  policies.forEach((file, i) => copyFileSync(join(POLICIES, file), join(dir, names[i]!)));
  for (const f of ['facts.yaml', 'handbook.yaml', 'synonyms.yaml']) copyFileSync(join(POLICIES, f), join(dir, f));
  return dir;
}

const LOCALES = ['zh_CN.UTF-8', 'C.UTF-8'];

describe('orderings independent of the locale', () => {
  // Ensure the compiled handbook (policies in file-name order) is byte-identical whatever LC_ALL and LANG say.
  it('compiles to the same bytes under zh_CN.UTF-8 and C.UTF-8', () => {
    const dir = chineseNamedHandbook();
    const compiled = LOCALES.map((locale) => {
      const out = join(tempDir('hb-locale-out-'), '.handbook');
      const r = runCli(['build', '--dir', dir, '--out', out], { env: { LC_ALL: locale, LANG: locale } });
      expect(r.code, r.stderr).toBe(0);
      return readdirSync(out).map((f) => readFileSync(join(out, f)));
    });
    expect(compiled[0]!.length).toBeGreaterThan(0);
    expect(compiled[1]).toEqual(compiled[0]);
  });

  // Ensure diagnostics from several files come out in the same order under both locales.
  it('lists diagnostics in the same order under zh_CN.UTF-8 and C.UTF-8', () => {
    const dir = chineseNamedHandbook();
    const broken = ['财政.md', '用地.md', 'Zeta.md', 'alpha.md'];
    for (const name of broken) {
      const path = join(dir, name);
      writeFileSync(path, readFileSync(path, 'utf8').replace(/^effective: .*$/m, 'effective: 2026-02-30'));
    }
    const outputs = LOCALES.map((locale) => runCli(['lint', '--dir', dir], { env: { LC_ALL: locale, LANG: locale } }));
    for (const r of outputs) expect(r.code).toBe(1);
    const files = (s: string) => [...s.matchAll(/^(\S+\.md):\d+:\d+/gm)].map((m) => m[1]!.split('/').at(-1));
    const order = files(outputs[0]!.stdout + outputs[0]!.stderr);
    // Code-unit order: Latin capitals, small letters, then Han by code point (用 U+7528 before 财 U+8D22; pinyin would put 财 first).
    expect([...new Set(order)].filter((f) => broken.includes(f!))).toEqual(['Zeta.md', 'alpha.md', '用地.md', '财政.md']);
    expect(outputs[1]!.stdout + outputs[1]!.stderr).toBe(outputs[0]!.stdout + outputs[0]!.stderr);
  });
});
