//! `handbook check --batch FILE`: streams a CSV or JSON Lines file of profiles, line by
//! line, and writes one output line per profile as it goes (JSON Lines, or the CSV
//! matrix), waiting for stdout to drain so memory stays flat however long the file.
//! Bad rows go to stderr with their line numbers; the others are all answered.
//! Exit code 1 when any row (or the header) was bad.

import { createReadStream, openSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Handbook } from '../../model/index.js';
import { check, type CheckResult } from '../../eligibility/check.js';
import { BatchReader, CsvMatrix, JsonLines, sniffBatchFormat, type BatchRow } from '../../profile/batch.js';
import { profileSpec } from '../../profile/values.js';
import { EXIT_INPUT, err } from '../context.js';
import { printProfileIssues } from './check.js';

export interface BatchOptions {
  on: string;
  format: 'jsonl' | 'csv';
}

/** Output is gathered into chunks of about this many characters before each write. */
const CHUNK = 1 << 16;

export async function runBatch(handbook: Handbook, path: string, options: BatchOptions): Promise<void> {
  const display = path === '-' ? '-' : path;
  let input: NodeJS.ReadableStream;
  if (path === '-') input = process.stdin;
  else {
    try {
      input = createReadStream('', { fd: openSync(path, 'r') });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? '文件不存在' : (e as Error).message;
      process.stderr.write(err.red(`${display}: error 无法读取批量文件：${why}`) + '\n');
      process.exitCode = EXIT_INPUT;
      return;
    }
  }
  const stdout = process.stdout;
  let closed = false;
  stdout.on('error', (e: NodeJS.ErrnoException) => {
    // A reader that stops early (`| head`) is not an error of ours.
    if (e.code === 'EPIPE') closed = true;
    else throw e;
  });
  let buffer = '';
  let waiting = false;

  const spec = profileSpec(handbook.facts, handbook.derived);
  const matrix = options.format === 'csv' ? new CsvMatrix(handbook) : undefined;
  const jsonLines = new JsonLines();
  let reader: BatchReader | undefined;
  let rows = 0;
  let bad = 0;
  const emit = (row: BatchRow): void => {
    rows++;
    let result: CheckResult | undefined;
    if (row.issues.length > 0) {
      bad++;
      printProfileIssues(row.issues);
    } else {
      result = check(handbook, row.profile, { on: options.on, reasons: false });
    }
    buffer += matrix ? matrix.row(row, result) : jsonLines.line(row, result);
  };

  // The BOM tells spreadsheet programs that the CSV is UTF-8.
  if (matrix) buffer += '\uFEFF' + matrix.header();
  let fatal = false;
  // Lines are handled synchronously as readline emits them (no promise per line); when
  // stdout asks us to wait, reading pauses until it drains: flat memory at full speed.
  await new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input, crlfDelay: Infinity });
    let lineNo = 0;
    let stopped = false;
    const stop = (): void => {
      stopped = true;
      lines.close();
      if (input !== process.stdin) (input as NodeJS.ReadableStream & { destroy(): void }).destroy();
    };
    lines.on('line', (line: string) => {
      if (stopped) return;
      lineNo++;
      if (!reader) reader = new BatchReader(sniffBatchFormat(path, line), spec, display);
      const row = reader.push(line, lineNo);
      if (reader.headerIssues.length > 0) {
        printProfileIssues(reader.headerIssues);
        process.stderr.write(err.red('表头有错误，未读取任何数据行。') + '\n');
        fatal = true;
        return stop();
      }
      if (row) emit(row);
      if (buffer.length >= CHUNK && !closed) {
        const ok = stdout.write(buffer);
        buffer = '';
        if (!ok && !waiting) {
          waiting = true;
          lines.pause();
          stdout.once('drain', () => {
            waiting = false;
            lines.resume();
          });
        }
      }
      if (closed) stop();
    });
    lines.on('close', () => resolve());
    input.on('error', reject);
  });
  if (!fatal && reader) {
    const last = reader.end();
    if (last) emit(last);
  }
  if (buffer !== '' && !closed && !stdout.write(buffer)) await Promise.race([once(stdout, 'drain'), once(stdout, 'close')]);
  if (fatal) {
    process.exitCode = EXIT_INPUT;
    return;
  }
  if (!reader || !reader.ready) {
    process.stderr.write(err.red(`${display}: error 批量文件是空的：${path.endsWith('.csv') ? '第一行应为表头' : '每行应为一家企业的画像'}`) + '\n');
    process.exitCode = EXIT_INPUT;
    return;
  }
  const summary = `共 ${rows} 家企业：已判断 ${rows - bad} 家，${bad} 行有错误（${options.on}）`;
  process.stderr.write((bad > 0 ? err.yellow(summary) : err.dim(summary)) + '\n');
  if (bad > 0) process.exitCode = EXIT_INPUT;
}
