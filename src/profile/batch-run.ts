//! Running a batch: a CSV or JSON Lines file of profiles, read line by line, each row
//! decided and written out as it goes (JSON Lines, or the CSV matrix), waiting for the
//! output to drain, so memory stays flat however long the file. Bad rows are reported
//! through a callback with their line numbers; the others are all answered.
//! In: a handbook, an input (a path, or a stream of chunks), a writable output, options.
//! Out: counts and how the run ended. No argv, no process: the CLI wires stdin/stdout.

import { closeSync, readSync } from 'node:fs';
import { openRegularFile, readProblemWords } from '../io/read.js';
import type { Handbook } from '../model/index.js';
import { statusChecker, type StatusResult } from '../eligibility/check.js';
import { BatchReader, CsvMatrix, JsonLines, LineSplitter, sniffBatchFormat, type BatchRow } from './batch.js';
import { profileSpec, type ProfileIssue } from './values.js';

/** Where the profiles come from: a file read synchronously into one reused buffer, or a stream (standard input). */
export type BatchInput = { path: string } | { stream: AsyncIterable<Uint8Array | string>; name: string };

/** Where the answers go: a Node writable stream (stdout, a file stream). */
export type BatchOutput = NodeJS.WritableStream & { writableLength: number };

export interface BatchOptions {
  /** The date asked about, YYYY-MM-DD. */
  on: string;
  format: 'jsonl' | 'csv';
  /** Called with the problems of a bad row, or of the header (after which nothing more is read), in order. */
  onIssues?: (issues: readonly ProfileIssue[], where: 'row' | 'header') => void;
  /** Called whenever more rows' output has been taken by the stream without error, with the total so far. */
  onWritten?: (rows: number) => void;
}

/** How a batch ended. */
export type BatchOutcome =
  /** Every line was read (bad rows are counted in `bad`). */
  | 'done'
  /** The header (CSV) was bad: no data row was read. */
  | 'bad-header'
  /** The file had no header and no row. */
  | 'empty'
  /** The reader of the output went away (`| head`): reading stopped, not an error. */
  | 'closed'
  /** The input could not be opened or read: see `message`. */
  | 'unreadable'
  /** The output could not be written (a full disk: ENOSPC, EIO): reading stopped; see `message` and `written`. */
  | 'write-failed';

export interface BatchCounts {
  outcome: BatchOutcome;
  /** Rows read (profiles), bad ones included. */
  rows: number;
  /** Rows with problems (written as error rows, reported through onIssues). */
  bad: number;
  /** Why the input could not be read, or the output written (outcomes 'unreadable', 'write-failed'). */
  message?: string;
  /** Rows whose output the stream took without error. */
  written?: number;
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
  /** Rows in the chunk not yet written, and rows whose output the stream took without error. */
  private pendingRows = 0;
  writtenRows = 0;

  constructor(
    private readonly stream: BatchOutput,
    private readonly onWritten: (rows: number) => void,
  ) {}

  private wrote(rows: number): void {
    if ((this.stream as { errored?: unknown }).errored || rows === 0) return;
    this.writtenRows += rows;
    this.onWritten(this.writtenRows);
  }

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
      if (end < 0) {
        // Longer than a chunk: as text, written at once (the chunk is empty after flush()).
        this.add(format instanceof JsonLines ? format.line(row, result) : format.row(row, result));
        this.wrote(1);
        return;
      }
    }
    this.used = end;
    this.pendingRows++;
  }

  /** Writes what is gathered; false when the stream asks to wait for 'drain'. */
  flush(): boolean {
    if (this.used === 0) return true;
    const ok = this.stream.write(this.chunk.subarray(0, this.used));
    this.wrote(this.pendingRows);
    this.pendingRows = 0;
    this.used = 0;
    if (this.stream.writableLength > 0) this.chunk = Buffer.allocUnsafeSlow(CHUNK);
    return ok;
  }
}

function readProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个目录' : (e as Error).message;
}

/**
 * Decides every profile of a batch file and writes one output line per profile.
 *
 * @example
 * const counts = await runBatch(handbook, { path: 'profiles.csv' }, process.stdout, { on: '2026-11-30', format: 'jsonl' });
 * console.error(`${counts.rows} rows, ${counts.bad} bad`);
 */
export async function runBatch(handbook: Handbook, input: BatchInput, output: BatchOutput, options: BatchOptions): Promise<BatchCounts> {
  const display = 'path' in input ? input.path : input.name;
  const onIssues = options.onIssues ?? (() => {});
  let fd: number | undefined;
  if ('path' in input) {
    // Only a regular file (a FIFO or /dev/zero is refused at once; read by path, it would block or never end).
    const opened = openRegularFile(input.path);
    if (!opened.ok) return { outcome: 'unreadable', rows: 0, bad: 0, message: readProblemWords(opened) };
    fd = opened.fd;
  }
  let closed = false;
  let failed: NodeJS.ErrnoException | undefined;
  const onError = (e: NodeJS.ErrnoException): void => {
    // A reader that stops early (`| head`) is not an error of ours; any other ends reading.
    closed = true;
    if (e.code !== 'EPIPE') failed = e;
  };
  output.on('error', onError);
  const sink = new OutputSink(output, options.onWritten ?? (() => {}));

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
      onIssues(row.issues, 'row');
    } else {
      result = decide(row.profile);
    }
    sink.addRow(matrix ?? jsonLines!, row, result);
  };
  let lineNo = 0;
  /** One line of the file; false when the header is bad and nothing more can be read. */
  const handle = (line: string): boolean => {
    lineNo++;
    if (!reader) reader = new BatchReader(sniffBatchFormat(display, line), spec, display);
    const row = reader.push(line, lineNo, lines.badByte, lines.tooLong);
    if (reader.headerIssues.length > 0) {
      onIssues(reader.headerIssues, 'header');
      return false;
    }
    if (row) emit(row);
    return true;
  };

  // The BOM tells spreadsheet programs that the CSV is UTF-8.
  if (matrix) sink.add('\uFEFF' + matrix.header());
  let fatal = false;
  // Lines are handled synchronously, one after the other (no promise per line); when
  // the output asks us to wait, reading waits until it drains. At any time memory holds
  // one input buffer, one output chunk and the current row: flat however long the file.
  const lines = new LineSplitter();
  const stream = 'stream' in input ? input.stream[Symbol.asyncIterator]() : undefined;
  try {
    reading: for (;;) {
      for (let line = lines.next(); line !== undefined; line = lines.next()) {
        if (!handle(line)) {
          fatal = true;
          break reading;
        }
        if (sink.full && !closed && !sink.flush()) await drained(output);
        if (closed) break reading;
      }
      if (fd !== undefined) {
        const room = lines.room();
        const n = readSync(fd, room, 0, room.length, null);
        if (n === 0) break;
        lines.filled(n);
      } else {
        const chunk = await stream!.next();
        if (chunk.done) break;
        lines.push(typeof chunk.value === 'string' ? Buffer.from(chunk.value) : Buffer.from(chunk.value.buffer, chunk.value.byteOffset, chunk.value.byteLength));
      }
    }
    if (!fatal && !closed) {
      const last = lines.last();
      if (last !== undefined) fatal = !handle(last);
    }
  } catch (e) {
    if (rows === 0 && lineNo === 0) {
      output.off('error', onError);
      return { outcome: 'unreadable', rows: 0, bad: 0, message: readProblem(e) };
    }
    throw e;
  } finally {
    if (fd !== undefined) closeSync(fd);
    if (stream && (fatal || closed)) await stream.return?.();
  }
  if (!fatal && reader) {
    const last = reader.end();
    if (last) emit(last);
  }
  if (!closed && !sink.flush()) await drained(output);
  output.off('error', onError);
  if (fatal) return { outcome: 'bad-header', rows, bad };
  if (failed) return { outcome: 'write-failed', rows, bad, written: sink.writtenRows, message: failed.code ?? failed.message };
  if (closed) return { outcome: 'closed', rows, bad };
  if (!reader || !reader.ready) return { outcome: 'empty', rows, bad };
  return { outcome: 'done', rows, bad };
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
