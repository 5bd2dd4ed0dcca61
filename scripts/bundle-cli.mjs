// Bundles the compiled CLI (dist/cli/main.js) into dist/bundle/ with esbuild, so that a
// command starts by parsing one file instead of resolving a few hundred modules.
// Modules the CLI imports lazily (`await import()`: the compiler, search, render, ask)
// become separate chunks, loaded only by the commands that need them. Big packages that
// are only ever loaded lazily stay external and load from node_modules.
import { build } from 'esbuild';
import { renameSync, rmSync } from 'node:fs';

// Built beside the old bundle and swapped in, so a running CLI never sees half a bundle.
rmSync('dist/bundle.new', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'dist/cli/main.js' },
  outdir: 'dist/bundle.new',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Heavy packages used only by some commands stay external: test/cli/lean-startup.test.ts
  // watches which ones a command loads.
  external: ['playwright-core', 'opencc-js', 'opencc-js/*', '@inquirer/*', '@node-rs/jieba', 'unified', 'remark-*', 'rehype-*'],
  // CommonJS packages inside an ESM bundle need `require`.
  banner: { js: "import { createRequire as __handbookRequire } from 'node:module'; const require = __handbookRequire(import.meta.url);" },
  // Chunks sit beside cli.js: modules find templates/ and dist/ relative to import.meta.url.
  chunkNames: '[name]-[hash]',
  legalComments: 'none',
  // Whitespace and syntax only: smaller to parse at every start, stack traces keep their names.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
rmSync('dist/bundle', { recursive: true, force: true });
renameSync('dist/bundle.new', 'dist/bundle');
