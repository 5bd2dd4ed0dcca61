// `render --pdf` leaves nothing behind and needs no clock: nothing is written into HOME, nothing
// stays in TMPDIR (the browser's profile, crash reports, caches and scratch files all live in one
// folder of its own), not even when the render is interrupted once Chromium has started; and
// without --date or SOURCE_DATE_EPOCH, two renders are byte-identical, dated the handbook's edition.
import { describe, expect, it } from 'vitest';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

/** An empty HOME and TMPDIR of the test's own, and an output folder. */
function places() {
  return { home: tempDir('hb-home-'), tmp: tempDir('hb-tmpdir-'), out: tempDir('hb-pdf-') };
}

const env = (p: ReturnType<typeof places>) => ({ HOME: p.home, TMPDIR: p.tmp, XDG_CONFIG_HOME: undefined, XDG_CACHE_HOME: undefined, XDG_DATA_HOME: undefined, SOURCE_DATE_EPOCH: undefined, CI: 'true' });

/** Every file and folder under dir, relative. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

describe('render --pdf leaves nothing behind', () => {
  // Ensure a PDF render writes nothing into HOME or TMPDIR, and without a date is dated the handbook's edition, byte for byte the same twice.
  it('writes nothing into HOME or TMPDIR, and gives the same bytes twice without --date', () => {
    const p = places();
    const pdfs = ['a.pdf', 'b.pdf'].map((name) => {
      const r = runCli(['render', '--out', join(p.out, '.handbook'), '--pdf', join(p.out, name), '--policy', 'opinions'], { env: env(p) });
      expect(r.code, r.stderr).toBe(0);
      return readFileSync(join(p.out, name));
    });
    expect(tree(p.home)).toEqual([]);
    expect(tree(p.tmp)).toEqual([]);
    expect(pdfs[1]!.equals(pdfs[0]!)).toBe(true);
    const info = execFileSync('pdfinfo', ['-isodates', join(p.out, 'a.pdf')], { encoding: 'utf8' });
    // policies/handbook.yaml: edition: 2026-01-01.
    expect(info).toMatch(/CreationDate:\s+2026-01-01T00:00:00/);
    expect(readFileSync(join(ROOT, 'policies', 'handbook.yaml'), 'utf8')).toMatch(/^edition: 2026-01-01$/m);
  }, 120_000);

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    // Ensure Ctrl-C (or a kill) once Chromium has started ends the browser, removes its folder and exits as a shell expects.
    it(`on ${signal} once Chromium has started: exit ${code}, nothing left in TMPDIR or HOME, no PDF`, async () => {
      const p = places();
      const child = spawn(process.execPath, [BIN, 'render', '--out', join(p.out, '.handbook'), '--pdf', join(p.out, 'b.pdf')], {
        cwd: ROOT,
        env: Object.fromEntries(Object.entries({ ...process.env, ...env(p) }).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      const exited = new Promise<number | null>((done) => child.once('exit', (c) => done(c)));
      // Chromium has started once its folder holds a profile.
      const started = Date.now();
      while (!readdirSync(p.tmp).some((n) => n.startsWith('handbook-chromium-') && existsSync(join(p.tmp, n, 'profile', 'Default')))) {
        if (Date.now() - started > 30_000) throw new Error(`Chromium did not start: ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      child.kill(signal);
      expect(await exited, stderr).toBe(code);
      expect(tree(p.tmp)).toEqual([]);
      expect(tree(p.home)).toEqual([]);
      expect(existsSync(join(p.out, 'b.pdf'))).toBe(false);
    }, 60_000);
  }
});
