//! `handbook check --batch FILE`: streams a CSV or JSON Lines file of profiles, line by
//! line, and writes one output line per profile as it goes (JSON Lines, or the CSV
//! matrix), waiting for stdout to drain so memory stays flat however long the file.
//! Bad rows go to stderr with their line numbers; the others are all answered.
//! Exit code 1 when any row (or the header) was bad.

import { closeSync, openSync, readSync } from 'node:fs';
import type { Handbook } from '../../model/index.js';
import { statusChecker, type StatusResult } from '../../eligibility/check.js';
import { BatchReader, CsvMatrix, JsonLines, LineSplitter, sniffBatchFormat, type BatchRow } from '../../profile/batch.js';
import { profileSpec } from '../../profile/values.js';
import { EXIT_INPUT, err } from '../context.js';
import { printProfileIssues } from './check.js';

export interface BatchOptions {
  on: string;
  format: 'jsonl' | 'csv';
}

/** Output is gathered into chunks of this many bytes before each write. */
const CHUNK = 1 << 16;

/**
 * Output lines, encoded as UTF-8 into a chunk outside the JavaScript heap as soon as they
 * are made (so no line outlives its row), written out when the chunk is full. A chunk that
 * the stream has written at once (a file, /dev/null, a pipe with room) is used again;
 * one that the stream still holds is left to it.
 */
class OutputSink {
  private chunk = Buffer.allocUnsafeSlow(CHUNK);
  private used = 0;

  constructor(private readonly stream: NodeJS.WritableStream & { writableLength: number }) {}

  /** True when the next line may not fit: time to flush. */
  get full(): boolean {
    return this.used > CHUNK - 8192;
  }

  add(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (this.used + text.length * 3 > CHUNK) {
      this.flush();
      if (text.length * 3 > CHUNK) {
        this.stream.write(text);
        return;
      }
    }
    this.used += this.chunk.write(text, this.used);
  }

  /** A row's output line, encoded straight into the chunk (no string for the line). */
  addRow(format: JsonLines | CsvMatrix, row: BatchRow, result: StatusResult | undefined): void {
    let end = format.encode(row, result, this.chunk, this.used);
    if (end < 0) {
      this.flush();
      end = format.encode(row, result, this.chunk, 0);
      // Longer than a chunk: as text.
      if (end < 0) return this.add(format instanceof JsonLines ? format.line(row, result) : format.row(row, result));
    }
    this.used = end;
  }

  /** Writes what is gathered; false when the stream asks to wait for 'drain'. */
  flush(): boolean {
    if (this.used === 0) return true;
    const ok = this.stream.write(this.chunk.subarray(0, this.used));
    this.used = 0;
    if (this.stream.writableLength > 0) this.chunk = Buffer.allocUnsafeSlow(CHUNK);
    return ok;
  }
}

export async function runBatch(handbook: Handbook, path: string, options: BatchOptions): Promise<void> {
  const display = path === '-' ? '-' : path;
  const cannotRead = (e: unknown): void => {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个目录' : (e as Error).message;
    process.stderr.write(err.red(`${display}: error 无法读取批量文件：${why}`) + '\n');
    process.exitCode = EXIT_INPUT;
  };
  // A file is read synchronously into one reused buffer; standard input as a stream.
  let fd: number | undefined;
  if (path !== '-') {
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      return cannotRead(e);
    }
  }
  const stdout = process.stdout;
  let closed = false;
  stdout.on('error', (e: NodeJS.ErrnoException) => {
    // A reader that stops early (`| head`) is not an error of ours.
    if (e.code === 'EPIPE') closed = true;
    else throw e;
  });
  const sink = new OutputSink(stdout);

  const spec = profileSpec(handbook.facts, handbook.derived);
  const matrix = options.format === 'csv' ? new CsvMatrix(handbook) : undefined;
  const jsonLines = matrix ? undefined : new JsonLines();
  const decide = statusChecker(handbook, { on: options.on });
  let reader: BatchReader | undefined;
  let rows = 0;
  let bad = 0;
  const emit = (row: BatchRow): void => {
    rows++;
    let result: StatusResult | undefined;
    if (row.issues.length > 0) {
      bad++;
      printProfileIssues(row.issues);
    } else {
      result = decide(row.profile);
    }
    sink.addRow(matrix ?? jsonLines!, row, result);
  };
  let lineNo = 0;
  /** One line of the file; false when the header is bad and nothing more can be read. */
  const handle = (line: string): boolean => {
    lineNo++;
    if (!reader) reader = new BatchReader(sniffBatchFormat(path, line), spec, display);
    const row = reader.push(line, lineNo);
    if (reader.headerIssues.length > 0) {
      printProfileIssues(reader.headerIssues);
      process.stderr.write(err.red('表头有错误，未读取任何数据行。') + '\n');
      return false;
    }
    if (row) emit(row);
    return true;
  };

  // The BOM tells spreadsheet programs that the CSV is UTF-8.
  if (matrix) sink.add('\uFEFF' + matrix.header());
  let fatal = false;
  // Lines are handled synchronously, one after the other (no promise per line); when
  // stdout asks us to wait, reading waits until it drains. At any time memory holds one
  // input buffer, one output chunk and the current row: flat however long the file.
  const lines = new LineSplitter();
  const stdin = fd === undefined ? process.stdin[Symbol.asyncIterator]() : undefined;
  try {
    reading: for (;;) {
      for (let line = lines.next(); line !== undefined; line = lines.next()) {
        if (!handle(line)) {
          fatal = true;
          break reading;
        }
        if (sink.full && !closed && !sink.flush()) await drained(stdout);
        if (closed) break reading;
      }
      if (fd !== undefined) {
        const room = lines.room();
        const n = readSync(fd, room, 0, room.length, null);
        if (n === 0) break;
        lines.filled(n);
      } else {
        const chunk = await stdin!.next();
        if (chunk.done) break;
        lines.push(typeof chunk.value === 'string' ? Buffer.from(chunk.value) : (chunk.value as Buffer));
      }
    }
    if (!fatal && !closed) {
      const last = lines.last();
      if (last !== undefined) fatal = !handle(last);
    }
  } catch (e) {
    if (rows === 0 && lineNo === 0) return cannotRead(e);
    throw e;
  } finally {
    if (fd !== undefined) closeSync(fd);
    if (stdin && (fatal || closed)) await stdin.return?.();
  }
  if (!fatal && reader) {
    const last = reader.end();
    if (last) emit(last);
  }
  if (!closed && !sink.flush()) await drained(stdout);
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

/** Resolves when the stream drains or closes (whichever comes first), leaving no listener behind. */
function drained(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}
