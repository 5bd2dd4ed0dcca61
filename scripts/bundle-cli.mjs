// Bundles the compiled CLI (dist/cli/main.js) into dist/bundle/ with esbuild, so that a
// command starts by parsing one file instead of resolving a few hundred modules.
// Modules the CLI imports lazily (`await import()`: the compiler, search, render, ask)
// become separate chunks, loaded only by the commands that need them. Big packages that
// are only ever loaded lazily stay external and load from node_modules.
import { build } from 'esbuild';
import { renameSync, rmSync } from 'node:fs';

/**
 * commander requires node:child_process when it loads, for executable subcommands this CLI
 * does not have; loading it pulls in net, dgram and more (~3 ms of every start). Inside the
 * bundle, commander gets a stand-in that loads the real module on first use.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: 'lazy-child-process', namespace: 'lazy' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: "let m; const load = () => (m ??= require('node:child_process')); module.exports = new Proxy({}, { get: (_, k) => load()[k] });",
      loader: 'js',
    }));
  },
};

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
  plugins: [lazyChildProcess],
  legalComments: 'none',
  // Whitespace and syntax only: smaller to parse at every start, stack traces keep their names.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
rmSync('dist/bundle', { recursive: true, force: true });
renameSync('dist/bundle.new', 'dist/bundle');
