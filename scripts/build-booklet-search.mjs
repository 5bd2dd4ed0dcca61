// Bundles the booklet's in-page search (templates/booklet/search.ts + src/search-index +
// minisearch) into dist/booklet-search.js, which `handbook render` inlines in the HTML page.
// Deterministic (no timestamps, no source maps), so the page's bytes and its CSP hash are too.
// Run after tsc, as part of `npm run build:ts`.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'booklet-search.js');

await build({
  entryPoints: [join(root, 'templates', 'booklet', 'search.ts')],
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

// The script is inlined in <script>…</script>: it must not contain the end tag.
if (/<\/script/i.test(readFileSync(outfile, 'utf8'))) {
  console.error(`${outfile} 中出现 "</script"，无法内嵌到 HTML。`);
  process.exit(1);
}
