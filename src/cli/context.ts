//! What every command shares: where the handbook is and where its compiled output lives
//! (the library's compiledPlaces, given this process's environment), loading it (compiled
//! or fresh, written back), colour that honours NO_COLOR and non-TTY output, printing
//! diagnostics, exit codes.

import { Chalk, type ChalkInstance } from 'chalk';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, type Command } from 'commander';
import { formatDiagnostic, type Diagnostic } from '../diagnostics/index.js';
import { compiledPlaces, loadHandbook, placeList, type LoadedHandbook, type LoadOptions } from '../compiled/index.js';
import type { Handbook } from '../model/index.js';
import { writeErr, shownText, jsonText } from './terminal-text.js';

export const EXIT_OK = 0;
export const EXIT_INPUT = 1;
export const EXIT_USAGE = 2;

/** The package root: dist/cli/context.js → ../.. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUNDLED_DIR = join(PACKAGE_ROOT, 'policies');

export interface HandbookOptions {
  dir?: string;
  out?: string;
}

/** A path option's value: never empty (`--dir ''` would silently mean the current folder). */
function nonEmptyPath(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('路径不能为空；当前目录请写 .');
  return value;
}

/** Adds --dir and --out to a command that reads a handbook. */
export function handbookOptions(cmd: Command): Command {
  return cmd
    .option('--dir <path>', '政策目录（默认：环境变量 HANDBOOK_DIR，否则为内置的 policies/）', nonEmptyPath)
    .option('--out <path>', '编译产物目录（默认：手册目录下的 .handbook/，不可写时在用户缓存目录中）', nonEmptyPath);
}

/** The handbook folder: --dir, else HANDBOOK_DIR (an empty one counts as unset), else the bundled one. */
export function resolveDir(opts: HandbookOptions): string {
  return resolve(opts.dir ?? (process.env.HANDBOOK_DIR || undefined) ?? BUNDLED_DIR);
}

/**
 * The compiled output folders of handbook folder `dir`, in reading order: `--out` alone when
 * given, else beside the handbook, then the user's cache (src/compiled/place.ts).
 */
export function outputFolders(dir: string, opts: HandbookOptions): string[] {
  if (opts.out !== undefined) return [resolve(opts.out)];
  return placeList(compiledPlaces(dir, { XDG_CACHE_HOME: process.env.XDG_CACHE_HOME, HOME: process.env.HOME || homedir() }));
}

/** How to name `dir` in a suggested command: nothing for the bundled handbook. */
export function dirArgument(dir: string): string {
  return dir === BUNDLED_DIR ? '' : ` --dir ${dir}`;
}

/** Colour only on a terminal, never with NO_COLOR (https://no-color.org) or CI without FORCE_COLOR. */
export function colourFor(stream: NodeJS.WriteStream): ChalkInstance {
  const env = process.env;
  let level: 0 | 1 | 2 | 3 = stream.isTTY ? (stream.hasColors?.(256) ? 2 : 1) : 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') level = 0;
  else if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') level = Math.max(level, 1) as 1 | 2 | 3;
  return new Chalk({ level });
}

export const out = colourFor(process.stdout);
export const err = colourFor(process.stderr);

/** Prints diagnostics to stderr, paths shown relative to the working directory. */
export function printDiagnostics(diagnostics: readonly Diagnostic[], dir: string): void {
  const show = (file: string) => {
    const abs = resolve(dir, file);
    const rel = relative(process.cwd(), abs);
    return rel.startsWith('..') && rel.split('/').filter((s) => s === '..').length > 2 ? abs : rel || file;
  };
  for (const d of diagnostics) {
    const line = formatDiagnostic(d, show);
    writeErr((d.severity === 'error' ? err.red(shownText(line)) : err.yellow(shownText(line))) + '\n');
  }
}

export function summaryLine(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  return `${errors} 个错误，${warnings} 个警告`;
}

/**
 * Loads the handbook for a reading command, or prints why it cannot and returns undefined
 * (the caller then sets exit code 1).
 */
export async function requireHandbook(
  opts: HandbookOptions,
  needs: { artefacts?: boolean; checkArtefacts?: LoadOptions['checkArtefacts'] } = {},
): Promise<LoadedHandbook & { handbook?: Handbook }> {
  const dir = resolveDir(opts);
  const loaded = await loadHandbook({
    dir,
    out: outputFolders(dir, opts),
    artefacts: needs.artefacts ?? false,
    writeBack: true,
    ...(needs.checkArtefacts ? { checkArtefacts: needs.checkArtefacts } : {}),
  });
  if (loaded.handbook && loaded.notWritten !== undefined) {
    // Compiled in memory and not kept: every call will pay for it until someone builds.
    writeErr(
      err.dim(
        shownText(
          `${loaded.staleReason ?? '尚无编译产物'}；已在内存中重新编译，但无法写回（${loaded.notWritten}）。` +
            `可运行 handbook build${dirArgument(dir)} --out <可写目录>，并在之后的命令中加上同一 --out。`,
        ),
      ) + '\n',
    );
  }
  // A corrupt compiled file is not used: this run compiled the sources instead (and wrote the compile back when it could), and says so.
  if (loaded.corrupt) {
    const done = loaded.from === 'sources' && loaded.path ? '本次已从源文件重新编译并写回' : '本次已从源文件重新编译';
    writeErr(err.yellow(shownText(`warning ${loaded.corrupt}；${done} [compiled/corrupt]`)) + '\n');
  }
  if (!loaded.handbook) {
    printDiagnostics(loaded.diagnostics, dir);
    writeErr(err.red(shownText(`手册有错误，无法使用（${summaryLine(loaded.diagnostics)}）。请运行 handbook lint 查看并修正。`)) + '\n');
  }
  return loaded;
}

/** Writes JSON with a trailing newline: the stable machine contract. */
export function printJson(value: unknown): void {
  process.stdout.write(jsonText(JSON.stringify(value, null, 2)) + '\n');
}
