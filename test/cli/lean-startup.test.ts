// The fast paths stay lean: search, show, list and check never load the PDF browser driver,
// the Markdown/HTML stack, the interactive prompts or a jieba dictionary.
import { describe, expect, it, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const HOOK = join(ROOT, 'test', 'helpers', 'trace-imports.mjs');
const HEAVY = /node_modules\/(playwright-core|unified|remark-[a-z-]+|rehype-[a-z-]+|@inquirer|@node-rs\/jieba|mdast-|hast-)/;
let cwd: string;

/** Runs the CLI with the import tracer; returns the module URLs it loaded. */
function loadedModules(args: string[]): string[] {
  const trace = join(tempDir('hb-trace-'), 'imports.txt');
  const r = spawnSync(process.execPath, ['--import', HOOK, BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', HANDBOOK_TRACE_IMPORTS: trace },
  });
  expect(r.status, r.stderr).toBe(0);
  return existsSync(trace) ? readFileSync(trace, 'utf8').split('\n').filter(Boolean) : [];
}

beforeAll(() => {
  cwd = tempDir('hb-lean-');
  expect(runCli(['build'], { cwd }).code).toBe(0);
});

describe('lean start-up', () => {
  const paths: [string, string[]][] = [
    ['search', ['search', '用地指标']],
    ['search --json', ['search', '小微企业贷款', '--json']],
    ['show', ['show', 'land.2.1']],
    ['list', ['list']],
    ['check', ['check', join(ROOT, 'examples', 'partial.yaml'), '--on', '2026-11-30']],
    ['check --json', ['check', '--set', 'size=小型', '--json', '--on', '2026-11-30']],
  ];
  for (const [name, args] of paths) {
    it(`${name} loads none of playwright-core, unified/remark/rehype, inquirer, jieba`, () => {
      // Ensure heavy modules stay off the paths that must start in about the time of `node -e 0`.
      const urls = loadedModules(args);
      expect(urls.length).toBeGreaterThan(0);
      expect(urls.filter((u) => HEAVY.test(u))).toEqual([]);
    });
  }

  it('the tracer does see heavy modules when a command needs them (render)', () => {
    // Ensure the test above could fail: render loads the unified stack through the same tracer.
    const out = join(cwd, 'b.html');
    const urls = loadedModules(['render', '--html', out, '--date', '2026-11-30']);
    expect(urls.some((u) => /node_modules\/unified\//.test(u))).toBe(true);
  });
});
