// Bundles the compiled CLI (dist/cli/main.js) into dist/bundle/cli.cjs with esbuild, so that
// a command starts by loading one file instead of resolving a few hundred modules.
// Modules the CLI imports lazily (`await import()`: the compiler, search, render, ask)
// are only initialised by the commands that need them. Big packages that are only ever
// loaded lazily stay external and load from node_modules.
import { build } from 'esbuild';
import { renameSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

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

// Heavy packages used only by some commands stay external: test/cli/lean-startup.test.ts
// watches which ones a command loads.
const EXTERNAL = [/^playwright-core$/, /^opencc-js(\/|$)/, /^@inquirer\//, /^@node-rs\/jieba$/, /^unified$/, /^remark-/, /^rehype-/];

/**
 * External packages are loaded by require() (Node >= 20.19 requires ES modules too; a real
 * import() inside the vm.Script of bin/code-cache.cjs would need an experimental flag).
 * For a CommonJS package esbuild's interop is right. For an ES module, require() returns its
 * namespace, which esbuild would treat as `module.exports` (so `import x from 'remark-gfm'`
 * would get the namespace, not its default export). Such a package is imported through a
 * small shim instead, with the package's real export names read here at build time.
 */
const externals = {
  name: 'externals',
  setup(b) {
    const requireHere = createRequire(import.meta.url);
    b.onResolve({ filter: /^[@a-z]/ }, (args) => {
      if (!EXTERNAL.some((re) => re.test(args.path))) return undefined;
      if (args.namespace === 'esm-shim') return { path: args.path, external: true };
      const loaded = requireHere(args.path);
      const isModule = Object.prototype.toString.call(loaded) === '[object Module]';
      return isModule ? { path: args.path, namespace: 'esm-shim' } : { path: args.path, external: true };
    });
    b.onLoad({ filter: /.*/, namespace: 'esm-shim' }, (args) => {
      const names = Object.keys(requireHere(args.path)).filter((k) => k !== 'default' && /^[A-Za-z_$][\w$]*$/.test(k));
      const spec = JSON.stringify(args.path);
      return {
        contents: `const ns = require(${spec});\nexport default ns.default;\nexport const { ${names.join(', ')} } = ns;\n`,
        loader: 'js',
        resolveDir: process.cwd(),
      };
    });
  },
};

// Built beside the old bundle and swapped in, so a running CLI never sees half a bundle.
rmSync('dist/bundle.new', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'dist/cli/main.js' },
  outfile: 'dist/bundle.new/cli.cjs',
  bundle: true,
  // One CommonJS file rather than ES module chunks: bin/code-cache.cjs loads it through
  // V8's code cache, which Node 20 offers only to scripts (measured in docs/DESIGN.md).
  // Modules the CLI imports lazily stay lazy: esbuild wraps each in an init function that
  // runs on first import.
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // `import()` of an external package becomes a lazy require() (see `externals`).
  supported: { 'dynamic-import': false },
  // Modules find templates/ and dist/ relative to their own file: the bundle sits at the
  // same depth (dist/bundle/) as the modules it replaces (dist/cli/, dist/render/).
  define: { 'import.meta.url': '__handbookUrl' },
  banner: { js: "const __handbookUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [lazyChildProcess, externals],
  legalComments: 'none',
  // Whitespace and syntax only: smaller to parse at every start, stack traces keep their names.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
rmSync('dist/bundle', { recursive: true, force: true });
renameSync('dist/bundle.new', 'dist/bundle');

// Warm V8's code cache on the fast commands, in a fresh process (see scripts/warm-code-cache.cjs).
const warm = spawnSync(process.execPath, ['scripts/warm-code-cache.cjs'], { stdio: 'inherit' });
// A failed warm-up is a warning: without the cache the CLI is correct, only slower to start
// (bin/code-cache.cjs writes the cache on first use instead).
if (warm.status !== 0) {
  console.error('bundle-cli: warning: warming the code cache failed; the CLI works, its first starts are slower');
}
