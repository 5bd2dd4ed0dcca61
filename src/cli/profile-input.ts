//! A profile from the command line, as `check`, `ask` and `brief` take it: a file, `-`
//! for standard input, and `--set fact=value` on top. Every problem is printed with its
//! position and the exit code set to 1; the commands only see a valid profile.

import type { Handbook } from '../model/index.js';
import { applySets, emptyProfile, type ReadProfile } from '../profile/fields.js';
import { readProfileFile } from '../profile/file.js';
import { profileSpec, type ProfileIssue } from '../profile/values.js';
import { formatDiagnostic } from '../diagnostics/index.js';
import { EXIT_INPUT, err } from './context.js';
import { usage } from './options.js';
import { writeErr, shownText } from './terminal-text.js';

/** Prints profile problems, one positioned line each, to stderr. */
export function printProfileIssues(issues: readonly ProfileIssue[]): void {
  for (const i of issues) writeErr(err.red(shownText(formatDiagnostic(i))) + '\n');
}

/**
 * Reads a profile file (`-` = standard input) and applies `--set`; prints every problem
 * and returns undefined (exit code 1 set) when there is any.
 */
export async function readProfileArg(handbook: Handbook, path: string | undefined, sets: readonly string[]): Promise<ReadProfile | undefined> {
  const spec = profileSpec(handbook.facts, handbook.derived);
  let read: ReadProfile = { profile: emptyProfile(), issues: [] };
  if (path !== undefined) {
    const file = await readProfileFile(path, spec);
    // An unreadable or undecodable file: reported alone (nothing to apply --set to).
    if (file.emptyStdin) {
      usage('标准输入是空的：handbook check - 从标准输入读取画像，如 cat 画像.yaml | handbook check -');
      return undefined;
    }
    if (file.unread) {
      printProfileIssues(file.issues);
      process.exitCode = EXIT_INPUT;
      return undefined;
    }
    read = file;
  }
  applySets(read, sets, spec);
  if (read.issues.length > 0) {
    printProfileIssues(read.issues);
    writeErr(err.red(shownText(`画像有 ${read.issues.length} 处错误，未做判断。`)) + '\n');
    process.exitCode = EXIT_INPUT;
    return undefined;
  }
  return read;
}
