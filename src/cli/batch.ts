//! `check --batch FILE`'s terminal side: standard input or a file in, stdout out, bad rows
//! and the summary on stderr, the exit code. The engine is the library's runBatch. JSON Lines
//! escape control characters themselves; a CSV matrix written to a terminal (a person reading
//! it, not a spreadsheet) has its cells' control characters shown, not sent.

import type { Handbook } from '../model/index.js';
import { runBatch } from '../profile/batch-run.js';
import { EXIT_INPUT, err } from './context.js';
import { printProfileIssues } from './profile-input.js';
import { usage } from './options.js';
import { setOutputProgress } from './fatal.js';
import { formatDiagnostic } from '../diagnostics/index.js';
import { writeErr, shownText } from './terminal-text.js';
import { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/**
 * Standard output for a CSV matrix on a terminal: every control character of the data shown
 * (shownText), the rows' own `\r\n` kept. Chunks may split a character or a `\r\n`: both
 * are held until the next chunk.
 */
function terminalCsvOutput(): Writable {
  const decoder = new StringDecoder('utf8');
  let held = '';
  const show = (text: string): string => shownText(text.replace(/\r\n/g, '\n')).replace(/\n/g, '\r\n');
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      let text = held + decoder.write(chunk);
      held = text.endsWith('\r') ? '\r' : '';
      if (held) text = text.slice(0, -1);
      process.stdout.write(show(text), (e) => done(e ?? null));
    },
    final(done) {
      const rest = held + decoder.end();
      if (rest) process.stdout.write(show(rest), (e) => done(e ?? null));
      else done();
    },
  });
}

export async function runBatchCommand(handbook: Handbook, path: string, options: { on: string; format: 'jsonl' | 'csv' }): Promise<void> {
  const display = path === '-' ? '-' : path;
  const input = path === '-' ? { stream: process.stdin as AsyncIterable<Buffer>, name: '-' } : { path };
  let written = 0;
  // A write error on stdout ends the run in fatal.ts, which says how far the output got.
  setOutputProgress(() => `已完整写出 ${written} 家企业的结果`);
  const output = options.format === 'csv' && process.stdout.isTTY ? terminalCsvOutput() : process.stdout;
  const counts = await runBatch(handbook, input, output, {
    ...options,
    onWritten: (rows) => (written = rows),
    onIssues: (issues, where) => {
      printProfileIssues(issues);
      if (where === 'header') writeErr(err.red('表头有错误，未读取任何数据行。') + '\n');
    },
  });
  switch (counts.outcome) {
    case 'unreadable':
      writeErr(err.red(shownText(formatDiagnostic({ severity: 'error', code: 'batch/unreadable', file: display, message: `无法读取批量文件：${counts.message}` }))) + '\n');
      process.exitCode = EXIT_INPUT;
      return;
    case 'write-failed':
      writeErr(err.red(shownText(`无法写出标准输出：${counts.message}；已完整写出 ${counts.written ?? 0} 家企业的结果。输出不完整。`)) + '\n');
      process.exitCode = EXIT_INPUT;
      return;
    case 'bad-header':
      process.exitCode = EXIT_INPUT;
      return;
    case 'empty':
      if (path === '-' && counts.rows === 0) {
        usage('标准输入是空的：handbook check --batch - 从标准输入读取 CSV 或 JSON Lines，如 producer | handbook check --batch -');
        return;
      }
      const what = path.endsWith('.csv') ? '第一行应为表头' : '每行应为一家企业的画像';
      writeErr(err.red(shownText(formatDiagnostic({ severity: 'error', code: 'batch/empty', file: display, message: `批量文件是空的：${what}` }))) + '\n');
      process.exitCode = EXIT_INPUT;
      return;
    case 'done':
    case 'closed': {
      const { rows, bad } = counts;
      const summary = `共 ${rows} 家企业：已判断 ${rows - bad} 家，${bad} 行有错误（${options.on}）`;
      writeErr((bad > 0 ? err.yellow(shownText(summary)) : err.dim(shownText(summary))) + '\n');
      if (bad > 0) process.exitCode = EXIT_INPUT;
    }
  }
}
