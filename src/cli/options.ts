//! Option values shared by several commands: the date asked about (`--on`), the statuses
//! kept (`--only`), repeatable and comma-separated lists, the machine-output format
//! (`--format` with `--json` as its alias), and the one way a usage error is printed.

import type { Command } from 'commander';
import type { Status } from '../eligibility/check.js';
import { parseIsoDate, todayInChina } from '../calendar/index.js';
import { suggestion } from '../diagnostics/index.js';
import { EXIT_USAGE, err } from './context.js';
import { writeErr, shownText } from './terminal-text.js';

/** Prints a usage error and sets exit code 2. */
export function usage(message: string): void {
  writeErr(err.red(shownText(message)) + '\n');
  process.exitCode = EXIT_USAGE;
}

/** `--on`: a real calendar date YYYY-MM-DD (default: today in China), or undefined (with a message) when it is not. */
export function parseOn(value: string | undefined, now: number = Date.now()): string | undefined {
  if (value === undefined) return todayInChina(now);
  if (!parseIsoDate(value)) {
    usage(`--on "${value}" 不是有效日期，应写成 YYYY-MM-DD，如 --on 2026-11-30`);
    return undefined;
  }
  return value;
}

const ONLY_WORDS: Record<string, Status> = {
  eligible: 'eligible',
  undetermined: 'undetermined',
  ineligible: 'ineligible',
  not_in_force: 'not_in_force',
  符合: 'eligible',
  待定: 'undetermined',
  不符合: 'ineligible',
  未生效: 'not_in_force',
};

/** `--only eligible,待定`: the statuses kept; undefined when not given; false (with a message) when a word is unknown. */
export function parseOnly(value: string | undefined): Status[] | undefined | false {
  if (value === undefined) return undefined;
  const statuses: Status[] = [];
  for (const w of value.split(/[,，]/).map((s) => s.trim()).filter(Boolean)) {
    const s = Object.hasOwn(ONLY_WORDS, w) ? ONLY_WORDS[w] : undefined;
    if (!s) {
      usage(`--only "${w}" 无法识别，应为 eligible、undetermined、ineligible 或 not_in_force（可用逗号分隔多个）${suggestion(w, Object.keys(ONLY_WORDS))}`);
      return false;
    }
    statuses.push(s);
  }
  return statuses;
}

/** commander's argument parser for a repeatable option (`--set a=1 --set b=2`). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A repeatable option whose values may also be comma-separated (`--policy a,b --policy c`). */
export function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(/[,，]/).map((s) => s.trim()).filter(Boolean)];
}

/**
 * Adds `--set <fact=value>` (repeatable, over the profile file's values) and `--on <date>` to a
 * command that judges one enterprise (check, brief, ask): one wording on every such command.
 */
export function profileOptions(cmd: Command): Command {
  return cmd
    .option('--set <fact=value>', '设置一项事实（事实id=值），可重复；与画像文件同用时覆盖文件中的值', collect)
    .option('--on <YYYY-MM-DD>', '按哪一天判断政策是否有效（默认：今天，北京时间）');
}

/**
 * Adds `--format <format>` and its alias `--json` (= `--format json`) to a command with
 * machine output: one flag vocabulary on every such command.
 */
export function formatOptions(cmd: Command, description: string, json = '输出 JSON（等同于 --format json）'): Command {
  return cmd.option('--format <format>', description).option('--json', json);
}

/**
 * The output format asked for: `--format`, or `json` for `--json`; the default when neither.
 * Undefined (with a usage message) when the value is not one of `formats` or the two disagree.
 */
export function outputFormat<F extends string>(
  opts: { format?: string; json?: boolean },
  formats: readonly F[],
  fallback: F,
  /** What `--json` means here (`json`; for a batch, `jsonl`). */
  jsonAs: F = 'json' as F,
): F | undefined {
  if (opts.format !== undefined && !(formats as readonly string[]).includes(opts.format)) {
    usage(`未知的 --format "${opts.format}"，应为 ${formats.join('、')} 之一${suggestion(opts.format, formats)}`);
    return undefined;
  }
  if (opts.json && opts.format !== undefined && opts.format !== jsonAs) {
    usage(`--json 与 --format ${opts.format} 不能同用`);
    return undefined;
  }
  if (opts.json) return jsonAs;
  return (opts.format as F | undefined) ?? fallback;
}
