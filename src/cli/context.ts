//! What every command shares: where the handbook is, loading it (compiled or fresh),
//! colour that honours NO_COLOR and non-TTY output, printing diagnostics, exit codes.

import { Chalk, type ChalkInstance } from 'chalk';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, type Command } from 'commander';
import { formatDiagnostic, type Diagnostic } from '../diagnostics/index.js';
import { loadHandbook, type LoadedHandbook } from '../compiled/index.js';
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
    .option('--out <path>', '编译产物目录', nonEmptyPath, '.handbook');
}

/** The handbook folder: --dir, else HANDBOOK_DIR (an empty one counts as unset), else the bundled one. */
export function resolveDir(opts: HandbookOptions): string {
  return resolve(opts.dir ?? (process.env.HANDBOOK_DIR || undefined) ?? BUNDLED_DIR);
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
export async function requireHandbook(opts: HandbookOptions, needs: { artefacts?: boolean } = {}): Promise<LoadedHandbook & { handbook?: Handbook }> {
  const dir = resolveDir(opts);
  const loaded = await loadHandbook({ dir, out: resolve(opts.out ?? '.handbook'), artefacts: needs.artefacts ?? false });
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
