// Bundles the booklet's in-page scripts, which `handbook render` inlines in the HTML page:
// the search (templates/booklet/search.ts + src/search-index + minisearch) into
// dist/booklet-search.js, and the self-check (templates/booklet/self-check.ts +
// src/eligibility) into dist/booklet-check.js.
// Deterministic (no timestamps, no source maps), so the page's bytes and its CSP hash are too.
// Written as UTF-8 (Chinese strings stay readable and small), except the code points HTML
// forbids in a page (noncharacters such as U+FFFF, controls) and the private-use ones the
// validator warns of (the search's U+E000 placeholders), which become \u escapes: they only
// occur inside string and regular-expression literals, where the escape means the same.
// (Building with charset 'ascii' instead would add about 1.3 KB to the two scripts.)
// Run after tsc, as part of `npm run build:ts`.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Code points an HTML document must not contain (besides tab, LF, FF, CR: controls, noncharacters), and private use. */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F\uE000-\uF8FF\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD83F\uD87F\uD8BF\uD8FF\uD93F\uD97F\uD9BF\uD9FF\uDA3F\uDA7F\uDABF\uDAFF\uDB3F\uDB7F\uDBBF\uDBFF][\uDFFE\uDFFF]/g;
const escape = (s) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`).join('');

for (const [entry, name] of [
  ['search.ts', 'booklet-search.js'],
  ['self-check.ts', 'booklet-check.js'],
]) {
  const outfile = join(root, 'dist', name);
  await build({
    entryPoints: [join(root, 'templates', 'booklet', entry)],
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'warning',
  });
  const code = readFileSync(outfile, 'utf8');
  const clean = code.replace(FORBIDDEN, escape);
  if (clean !== code) writeFileSync(outfile, clean);
  // The script is inlined in <script>…</script>: it must not contain the end tag.
  if (/<\/script/i.test(clean)) {
    console.error(`${outfile} 中出现 "</script"，无法内嵌到 HTML。`);
    process.exit(1);
  }
}
