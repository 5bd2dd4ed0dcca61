// The booklet is a valid HTML page: the W3C Nu checker (vnu-jar, run with the system Java)
// reports no error, and no inlined script or data block holds a code point HTML forbids.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { read, render } from './helpers.js';

const VNU_JAR = createRequire(import.meta.url)('vnu-jar') as string;

/** Controls other than tab, LF, FF, CR; noncharacters (U+FDD0–FDEF, U+xFFFE/xFFFF); private use. */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F\uE000-\uF8FF\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD83F\uD87F\uD8BF\uD8FF\uD93F\uD97F\uD9BF\uD9FF\uDA3F\uDA7F\uDABF\uDAFF\uDB3F\uDB7F\uDBBF\uDBFF][\uDFFE\uDFFF]/;

let file: string;
let html: string;

beforeAll(() => {
  const r = render(['--html', '$TMP/booklet.html', '--date', '2026-01-15']);
  expect(r.code).toBe(0);
  file = join(r.dir, 'booklet.html');
  html = read(file);
});

describe('the booklet as HTML', () => {
  // Ensure no script or JSON block carries U+FFFF or another forbidden code point (the search code once did).
  it('has no forbidden code point anywhere, scripts included', () => {
    const at = html.search(FORBIDDEN);
    expect(at === -1 ? '' : `U+${html.codePointAt(at)!.toString(16).toUpperCase()} at ${at}: ${JSON.stringify(html.slice(at - 40, at + 10))}`).toBe('');
  });

  // Ensure the W3C Nu checker finds no error in the page (warnings about the CSP it cannot verify are not errors).
  it('passes the W3C Nu checker with no error', () => {
    const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
    expect(java.status, '需要 Java（Debian: apt-get install default-jre-headless）').toBe(0);
    // vnu writes its JSON report to stderr.
    const run = spawnSync('java', ['-Xss4m', '-jar', VNU_JAR, '--format', 'json', '--exit-zero-always', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const report = JSON.parse(run.stderr) as { version?: string; messages: { type: string; subType?: string; message: string; lastLine?: number }[] };
    expect(report.version, 'vnu 没有给出报告').toBeTruthy();
    const errors = report.messages.filter((m) => m.type === 'error' || m.type === 'non-document-error' || m.subType === 'fatal').map((m) => `${m.lastLine}: ${m.message}`);
    expect(errors).toEqual([]);
  }, 120_000);
});
