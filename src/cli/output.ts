//! Output files of commands: each path checked before any work (src/io/write.ts's rule), `-`
//! for standard output where a command offers it, and a refused or failed write reported in
//! one Chinese line with exit code 1.

import { OutputPathError, resolveOutputPath, writeFileAtomic } from '../io/write.js';
import { EXIT_INPUT, err } from './context.js';
import { writeErr, shownText } from './terminal-text.js';

/** The output path that means standard output. */
export const STDOUT_PATH = '-';

/**
 * Checks each given output path before any work: false (after printing why and setting exit
 * code 1) when one is refused. `-` (standard output) and undefined are skipped.
 */
export function outputPathsOk(paths: readonly (string | undefined)[]): boolean {
  for (const path of paths) {
    if (path === undefined || path === STDOUT_PATH) continue;
    try {
      resolveOutputPath(path);
    } catch (e) {
      if (!(e instanceof OutputPathError)) throw e;
      writeErr(err.red(shownText(e.message)) + '\n');
      process.exitCode = EXIT_INPUT;
      return false;
    }
  }
  return true;
}

/** Writes `data` to `path` atomically, or to standard output for `-`; throws OutputPathError. Returns the path written. */
export function writeOutputFile(path: string, data: string | Uint8Array): string {
  if (path === STDOUT_PATH) {
    process.stdout.write(data);
    return STDOUT_PATH;
  }
  return writeFileAtomic(path, data);
}

/**
 * Writes `data` to `path` atomically, or to standard output for `-`. Returns the path
 * written (`-` for stdout), or undefined after printing why and setting exit code 1.
 */
export function writeOutput(path: string, data: string | Uint8Array): string | undefined {
  try {
    return writeOutputFile(path, data);
  } catch (e) {
    if (!(e instanceof OutputPathError)) throw e;
    writeErr(err.red(shownText(e.message)) + '\n');
    process.exitCode = EXIT_INPUT;
    return undefined;
  }
}
