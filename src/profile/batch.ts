//! Batch profiles: a CSV (header = fact ids and optionally `name`) or JSON Lines file,
//! one line at a time. In: lines and their numbers (the CLI streams them from the file).
//! Out: one BatchRow per profile — its line, name, profile and problems — and the output
//! lines for it: a JSON line, or a row of the CSV matrix (profile × provision status).
//! A bad row is a row with problems; it never stops the rows after it. Also LineSplitter
//! (bytes → lines) and byte encoders for both outputs, so a long file streams through
//! without garbage that outlives its row. Pure: no I/O.

import type { Handbook, Profile, Scalar } from '../model/index.js';
import type { Status, StatusDecision, StatusResult } from '../eligibility/check.js';
import { STATUS_WORDS } from '../words/index.js';
import { describeAlternative } from '../eligibility/qualify-words.js';
import { jsonText } from '../words/terminal-text.js';
import { CsvSplitter, csvCell } from './csv.js';
import { readJsonProfile } from './json.js';
import { firstInvalidUtf8 } from '../load/read.js';
import { sizeWords } from '../io/read.js';
import { NAME_FIELD, readTextValue, unknownFieldMessage, type ProfileIssue, type ProfileSpec } from './values.js';

export type BatchInputFormat = 'csv' | 'jsonl';

/** 1 MiB: the longest line of a batch file (docs/CHECK.md); a longer one is a bad row, and the batch goes on. */
export const BATCH_LINE_LIMIT = 1024 * 1024;

export interface BatchRow {
  /** 1-based line of the file where the profile starts. */
  line: number;
  name?: string;
  /** From CSV: every column's fact is a key, undefined when unknown (see pushCsv). */
  profile: Profile;
  /** Empty when the row is good. */
  issues: ProfileIssue[];
}

/**
 * Splits UTF-8 bytes into lines (a LF ends a line, a CR before it is dropped; a lone CR is
 * not a line break, so a CR inside a quoted CSV field does not shift the line numbers; a
 * last line without an ending counts unless it is empty), inside one buffer that is
 * reused for the whole input: each line becomes its own small string, and nothing else
 * outlives the line, so any length of input streams through in the same memory.
 * Feed bytes with `push(chunk)`, or read into `room()` and call `filled(n)`; take lines
 * with `next()` until it returns undefined; at the end of the input, `last()`. After each
 * line, `badByte` is the column of its first byte that is not UTF-8 (0 when it is all
 * UTF-8): the line holds U+FFFD there, and must be refused, never read.
 * A line longer than `maxLine` bytes (BATCH_LINE_LIMIT) is never held: its bytes are dropped
 * as they come, up to its end, and it is returned as '' with `tooLong` set (a bad row).
 */
export class LineSplitter {
  private buf: Buffer;
  /** The unread bytes are buf[start, end); scanning for a line end resumes at `pos`. */
  private start = 0;
  private pos = 0;
  private end = 0;
  /** See the class comment. */
  badByte = 0;
  /** The line just returned was longer than maxLine (and is returned as ''). */
  tooLong = false;
  /** Inside a line longer than maxLine: its bytes are dropped up to its end. */
  private skipping = false;

  constructor(
    size = 1 << 16,
    readonly maxLine = BATCH_LINE_LIMIT,
  ) {
    this.buf = Buffer.allocUnsafeSlow(size);
  }

  /** Free space after the unread bytes (at least a quarter of the buffer), to read into. */
  room(): Buffer {
    if (this.start > 0) {
      this.buf.copyWithin(0, this.start, this.end);
      this.pos -= this.start;
      this.end -= this.start;
      this.start = 0;
    }
    if (this.buf.length - this.end < this.buf.length >> 2) {
      // A line longer than the buffer: make it bigger.
      const bigger = Buffer.allocUnsafeSlow(this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, this.end);
      this.buf = bigger;
    }
    return this.buf.subarray(this.end);
  }

  /** `n` bytes were read into `room()`. */
  filled(n: number): void {
    this.end += n;
  }

  /** Appends a chunk of bytes (from a stream). */
  push(chunk: Uint8Array): void {
    let from = 0;
    while (from < chunk.length) {
      const room = this.room();
      const n = Math.min(room.length, chunk.length - from);
      room.set(chunk.subarray(from, from + n));
      this.filled(n);
      from += n;
    }
  }

  /** The next complete line, without its ending; undefined when more bytes are needed. */
  next(): string | undefined {
    const buf = this.buf;
    const end = this.end;
    for (let i = this.pos; i < end; i++) {
      if (buf[i] !== 10) continue;
      const to = i > this.start && buf[i - 1] === 13 ? i - 1 : i;
      const line = this.skipping || to - this.start > this.maxLine ? this.overlong() : this.decode(this.start, to);
      this.start = this.pos = i + 1;
      return line;
    }
    if (!this.skipping && end - this.start > this.maxLine) this.skipping = true;
    // A line over the limit is not kept: its bytes so far are dropped (memory stays bounded).
    if (this.skipping) this.start = end;
    this.pos = end;
    return undefined;
  }

  /** At the end of the input: the last line if it had no ending and is not empty (a lone CR is empty). */
  last(): string | undefined {
    if (this.skipping || this.end - this.start > this.maxLine) {
      this.start = this.pos = this.end;
      return this.overlong();
    }
    if (this.start >= this.end) return undefined;
    const line = this.decode(this.start, this.buf[this.end - 1] === 13 ? this.end - 1 : this.end);
    this.start = this.pos = this.end;
    return line === '' ? undefined : line;
  }

  /** The line that was too long: '' with `tooLong` set. */
  private overlong(): string {
    this.skipping = false;
    this.tooLong = true;
    this.badByte = 0;
    return '';
  }

  private decode(from: number, to: number): string {
    this.tooLong = false;
    const line = this.buf.toString('utf8', from, to);
    // The decoder puts U+FFFD for bytes that are not UTF-8; a real U+FFFD is rare, and
    // only then are the bytes looked at again.
    this.badByte = line.indexOf('\uFFFD') === -1 ? 0 : (firstInvalidUtf8(this.buf.subarray(from, to))?.column ?? 0);
    return line;
  }
}

/** Which input format a file is: by its extension, else by its first line. */
export function sniffBatchFormat(path: string, firstLine: string | undefined): BatchInputFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson') || lower.endsWith('.json')) return 'jsonl';
  return firstLine !== undefined && firstLine.replace(/^\uFEFF/, '').trimStart().startsWith('{') ? 'jsonl' : 'csv';
}

/**
 * Turns the lines of a batch file into rows. Feed every line with `push`, then call
 * `end`. For CSV the first record is the header; if `headerIssues` is not empty after
 * it, the file cannot be read and the caller should stop.
 */
export class BatchReader {
  readonly headerIssues: ProfileIssue[] = [];
  private readonly csv?: CsvSplitter;
  /** Per CSV column: the fact it holds, NAME_FIELD, or undefined before the header. */
  private columns?: string[];
  /**
   * The header's facts, each undefined: copied for each row's profile. Without a prototype,
   * so that a column named `__proto__` is a key here, and an own key of every copy.
   */
  private readonly template = Object.create(null) as Record<string, undefined>;
  private firstJsonLine = true;
  /** A line of the current record that cannot be read (see push). */
  private unreadable?: ProfileIssue;
  /** Every fact of the handbook, each undefined: the shape of each JSON Lines profile. */
  private readonly jsonShape = Object.create(null) as Record<string, undefined>;

  constructor(
    readonly format: BatchInputFormat,
    private readonly spec: ProfileSpec,
    private readonly file: string,
  ) {
    if (format === 'csv') this.csv = new CsvSplitter();
    else for (const fact of spec.facts.keys()) this.jsonShape[fact] = undefined;
  }

  /** True once the CSV header has been read (always true for JSON Lines). */
  get ready(): boolean {
    return this.format === 'jsonl' || this.columns !== undefined;
  }

  /**
   * One line of the file. `badByte`: the column of its first byte that is not UTF-8, 0 when
   * none (LineSplitter.badByte); `tooLong`: the line was over BATCH_LINE_LIMIT (and is ''). Such a line, or one with a NUL character, makes its row
   * (for CSV, the record it belongs to; the header, the file) bad at that position: input
   * is never read changed.
   */
  push(line: string, lineNo: number, badByte = 0, tooLong = false): BatchRow | undefined {
    const nul = line.indexOf('\0');
    if (tooLong) this.unreadable ??= { severity: 'error', code: 'batch/line-too-long', field: '', message: `第 ${lineNo} 行超过 ${sizeWords(BATCH_LINE_LIMIT)} 的长度上限，未读取`, file: this.file, line: lineNo };
    else if (badByte !== 0 || nul !== -1) this.unreadable ??= unreadableLine(this.file, lineNo, badByte !== 0 ? badByte : nul + 1, badByte !== 0);
    if (this.format === 'jsonl') {
      if (this.unreadable === undefined) return this.pushJson(line, lineNo);
      const row: BatchRow = { line: lineNo, profile: {}, issues: [this.unreadable] };
      this.unreadable = undefined;
      return row;
    }
    return this.pushCsv(line, lineNo);
  }

  /** At the end of the input: a row for a quoted CSV field left open, if any. */
  end(): BatchRow | undefined {
    const open = this.csv?.unterminated();
    if (open === undefined) return undefined;
    return { line: open, profile: {}, issues: [{ severity: 'error', code: 'profile/syntax', field: '', message: '引号未闭合：带引号的单元格一直到文件末尾都没有结束', file: this.file, line: open }] };
  }

  private pushCsv(text: string, lineNo: number): BatchRow | undefined {
    const record = this.csv!.push(text, lineNo);
    if (!record) return undefined;
    const unreadable = this.unreadable;
    this.unreadable = undefined;
    if (this.columns === undefined) {
      if (unreadable) {
        this.headerIssues.push({ ...unreadable, code: 'batch/header' });
        this.columns = [];
      } else this.readHeader(record.fields, record.line, record.blank);
      return undefined;
    }
    // Without a usable header no row can be read.
    if (this.headerIssues.length > 0) return undefined;
    // Every row's profile has all the header's facts as keys, in the same order (undefined =
    // unknown): one hidden class for the whole file. With only the known facts as keys, each
    // set of empty cells would get its own, and V8 would keep making (and collecting) them
    // all along a long file: garbage in the old generation that keeps memory growing.
    const profile = { ...this.template } as Record<string, Scalar | undefined>;
    const row: BatchRow = { line: record.line, profile: profile as Profile, issues: [] };
    const issue = (code: ProfileIssue['code'], field: string, message: string): void => {
      row.issues.push({ severity: 'error', code, field, message, file: this.file, line: record.line });
    };
    if (unreadable) {
      row.issues.push(unreadable);
      return row;
    }
    if (record.blank) {
      issue('batch/empty-line', '', '空行：每行应为一家企业的画像');
      return row;
    }
    const columns = this.columns;
    if (record.fields.length !== columns.length) {
      issue('batch/columns', '', `应有 ${columns.length} 列（与表头一致），实际 ${record.fields.length} 列`);
      return row;
    }
    for (let i = 0; i < columns.length; i++) {
      const field = columns[i]!;
      const cell = record.fields[i]!;
      if (field === NAME_FIELD) {
        const name = cell.trim();
        if (name !== '') row.name = name;
        continue;
      }
      const r = readTextValue(this.spec.facts.get(field)!, cell, this.spec);
      if (!r.ok) issue(r.code, field, r.message);
      else profile[field] = r.value;
    }
    return row;
  }

  private readHeader(fields: string[], line: number, blank: boolean): void {
    const at = { file: this.file, line };
    if (blank) {
      this.headerIssues.push({ severity: 'error', code: 'batch/header', field: '', message: '第一行应为表头（事实 id，可另加 name 列），实际为空行', ...at });
      this.columns = [];
      return;
    }
    const seen = new Set<string>();
    const columns: string[] = [];
    fields.forEach((raw, i) => {
      const field = raw.trim();
      const column = i + 1;
      if (field !== NAME_FIELD && !this.spec.facts.has(field)) {
        const message = field === '' ? `第 ${column} 列的表头为空` : unknownFieldMessage(field, this.spec);
        this.headerIssues.push({ severity: 'error', code: 'batch/header', field, message, ...at });
      } else if (seen.has(field)) {
        this.headerIssues.push({ severity: 'error', code: 'batch/header', field, message: `列 "${field}" 在表头中出现了两次`, ...at });
      }
      seen.add(field);
      columns.push(field);
    });
    this.columns = columns;
    for (const c of columns) if (c !== NAME_FIELD) this.template[c] = undefined;
  }

  private pushJson(rawText: string, lineNo: number): BatchRow {
    let text = rawText;
    if (this.firstJsonLine) {
      this.firstJsonLine = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const at = { file: this.file, line: lineNo };
    if (text.trim() === '') {
      return { line: lineNo, profile: {}, issues: [{ severity: 'error', code: 'batch/empty-line', field: '', message: '空行：每行应为一家企业的画像（一个 JSON 对象）', ...at }] };
    }
    // Every profile with all facts as keys (undefined = unknown), as for CSV rows: one hidden
    // class for the whole file, so memory stays flat (without it, 100k rows peaked ~20 MiB higher than 10k).
    // A flat object is read without JSON.parse (see json-line.ts: memory stays flat); anything
    // else, or a row with problems, is parsed strictly with positions (json.ts).
    const read = readJsonProfile(text, this.file, this.spec, this.jsonShape, lineNo);
    for (const i of read.issues) if (i.line === undefined) Object.assign(i, at);
    return { line: lineNo, profile: read.profile, issues: read.issues, ...(read.name !== undefined ? { name: read.name } : {}) };
  }
}

/** The problem of a line that cannot be read as it is: bytes that are not UTF-8, or a NUL. */
function unreadableLine(file: string, line: number, column: number, notUtf8: boolean): ProfileIssue {
  const message = notUtf8 ? '不是合法的 UTF-8 文本（请把文件另存为 UTF-8 编码）' : '含 NUL 字符（U+0000）：文本中不能有它';
  return { severity: 'error', code: 'profile/syntax', field: '', message, file, line, column };
}

/** Writes `text` into `buf` from `at` if it fits: where it ends, or -1 (nothing counts). */
function writeWhole(text: string, buf: Buffer, at: number): number {
  if (at + Buffer.byteLength(text) > buf.length) return -1;
  return at + buf.write(text, at);
}

/** The machine-readable form of a row's problems. */
function issuesJson(issues: readonly ProfileIssue[]): { field: string; code: string; message: string; original?: string }[] {
  return issues.map((i) => ({ field: i.field, code: i.code, message: i.message, ...(i.original !== undefined ? { original: i.original } : {}) }));
}

/**
 * JSON Lines output: per row `{line, name, results: [{id, status, amount, missing, toQualify, nextTier}], summary}`,
 * or `{line, name, errors: [{field, code, message}]}` for a bad row. Each line ends with a
 * newline. Built by hand from precomputed pieces (the same JSON as JSON.stringify, faster):
 * as a string with `line`, or as UTF-8 bytes straight into a buffer with `encode`.
 */
export class JsonLines {
  private readonly quoted = new Map<string, string>();
  /** UTF-8 pieces: per provision id and status, `{"id":…,"status":…,"amount":`; per fact, its quoted id; per amount, its JSON. */
  private readonly heads = new Map<string, Record<Status, Buffer>>();
  private readonly facts = new Map<string, Buffer>();
  private readonly amounts = new Map<object, Buffer>();
  /** JSON of `,"toQualify":…,"nextTier":…}` per (shared, frozen) list of alternatives. */
  private readonly tails = new Map<object, Buffer>();

  private q(s: string): string {
    let v = this.quoted.get(s);
    if (v === undefined) {
      v = jsonText(JSON.stringify(s));
      if (this.quoted.size < 10_000) this.quoted.set(s, v);
    }
    return v;
  }

  private amountJson(a: NonNullable<StatusDecision['amount']>): string {
    return `{"value":${a.value},"unit":${this.q(a.unit)},"text":${this.q(a.text)}}`;
  }

  line(row: BatchRow, result: StatusResult | undefined): string {
    const head = `{"line":${row.line},"name":${row.name === undefined ? 'null' : jsonText(JSON.stringify(row.name))},`;
    if (!result || row.issues.length > 0) return `${head}"errors":${jsonText(JSON.stringify(issuesJson(row.issues)))}}\n`;
    let out = `${head}"results":[`;
    const ds = result.decisions;
    for (let i = 0; i < ds.length; i++) {
      const d = ds[i]!;
      const amount = d.amount === null ? 'null' : this.amountJson(d.amount);
      let missing = '[';
      for (let j = 0; j < d.missing.length; j++) missing += (j ? ',' : '') + this.q(d.missing[j]!);
      out += `${i ? ',' : ''}{"id":${this.q(d.id)},"status":"${d.status}","amount":${amount},"missing":${missing}${tailJson(d)}`;
    }
    const s = result.summary;
    return `${out}],"summary":{"eligible":${s.eligible},"ineligible":${s.ineligible},"undetermined":${s.undetermined},"not_in_force":${s.not_in_force}}}\n`;
  }

  /**
   * Writes the same bytes as `line` (UTF-8) into `buf` from `at`, without building the
   * line as a string. Returns where the line ends, or -1 when it does not fit (then
   * nothing after `at` counts: flush and try again, or use `line`).
   */
  encode(row: BatchRow, result: StatusResult | undefined, buf: Buffer, at: number): number {
    if (!result || row.issues.length > 0) return writeWhole(this.line(row, result), buf, at);
    const w = new ByteWriter(buf, at);
    w.piece(LINE);
    w.int(row.line);
    w.piece(NAME);
    if (row.name === undefined) w.piece(NULL);
    else w.text(jsonText(JSON.stringify(row.name)));
    w.piece(RESULTS);
    const ds = result.decisions;
    for (let i = 0; i < ds.length; i++) {
      const d = ds[i]!;
      if (i) w.byte(0x2c);
      w.piece(this.head(d.id)[d.status]);
      w.piece(d.amount === null ? NULL : this.amount(d.amount));
      w.piece(MISSING);
      for (let j = 0; j < d.missing.length; j++) {
        if (j) w.byte(0x2c);
        w.piece(this.fact(d.missing[j]!));
      }
      w.piece(this.tail(d));
    }
    const s = result.summary;
    w.piece(SUMMARY[0]!);
    w.int(s.eligible);
    w.piece(SUMMARY[1]!);
    w.int(s.ineligible);
    w.piece(SUMMARY[2]!);
    w.int(s.undetermined);
    w.piece(SUMMARY[3]!);
    w.int(s.not_in_force);
    w.piece(SUMMARY[4]!);
    return w.overflow ? -1 : w.at;
  }

  private head(id: string): Record<Status, Buffer> {
    let h = this.heads.get(id);
    if (h === undefined) {
      const piece = (status: Status): Buffer => Buffer.from(`{"id":${JSON.stringify(id)},"status":"${status}","amount":`);
      h = { eligible: piece('eligible'), ineligible: piece('ineligible'), undetermined: piece('undetermined'), not_in_force: piece('not_in_force') };
      if (this.heads.size < 10_000) this.heads.set(id, h);
    }
    return h;
  }

  private fact(id: string): Buffer {
    let b = this.facts.get(id);
    if (b === undefined) {
      b = Buffer.from(JSON.stringify(id));
      if (this.facts.size < 10_000) this.facts.set(id, b);
    }
    return b;
  }

  /** The decision's `],"toQualify":…,"nextTier":…}`: made once per shared list of alternatives. */
  private tail(d: StatusDecision): Buffer {
    if (d.nextTier === null && d.toQualify.length === 0) return EMPTY_TAIL;
    const key = d.nextTier ? d.nextTier.toQualify : d.toQualify;
    let b = this.tails.get(key);
    if (b === undefined) {
      b = Buffer.from(tailJson(d));
      if (this.tails.size < 10_000 && Object.isFrozen(key)) this.tails.set(key, b);
    }
    return b;
  }

  private amount(a: NonNullable<StatusDecision['amount']>): Buffer {
    // statusChecker shares one amount object per tier: its JSON is made once.
    let b = this.amounts.get(a);
    if (b === undefined) {
      b = Buffer.from(this.amountJson(a));
      if (this.amounts.size < 1_000 && Object.isFrozen(a)) this.amounts.set(a, b);
    }
    return b;
  }
}

const LINE = Buffer.from('{"line":');
const NAME = Buffer.from(',"name":');
const NULL = Buffer.from('null');
const RESULTS = Buffer.from(',"results":[');
const MISSING = Buffer.from(',"missing":[');
/** The end of a decision after its missing facts: its alternatives and next tier. */
function tailJson(d: StatusDecision): string {
  return jsonText(`],"toQualify":${JSON.stringify(d.toQualify)},"nextTier":${JSON.stringify(d.nextTier)}}`);
}
const EMPTY_TAIL = Buffer.from('],"toQualify":[],"nextTier":null}');
const SUMMARY = ['],"summary":{"eligible":', ',"ineligible":', ',"undetermined":', ',"not_in_force":', '}}\n'].map((s) => Buffer.from(s));

/** Appends bytes to a buffer from a position; past the end it only notes the overflow. */
class ByteWriter {
  overflow = false;

  constructor(
    private readonly buf: Buffer,
    public at: number,
  ) {}

  piece(b: Buffer): void {
    const n = b.length;
    if (this.at + n > this.buf.length) {
      this.overflow = true;
      return;
    }
    const buf = this.buf;
    let at = this.at;
    // Short pieces: a plain loop beats a native call for each; long ones (words) are copied natively.
    if (n > 64) {
      b.copy(buf, at);
      this.at = at + n;
      return;
    }
    for (let i = 0; i < n; i++) buf[at++] = b[i]!;
    this.at = at;
  }

  byte(c: number): void {
    if (this.at < this.buf.length) this.buf[this.at++] = c;
    else this.overflow = true;
  }

  /**
   * A non-negative integer in decimal, digit by digit: String(n) would put each line
   * number in V8's number-to-string cache, which keeps it alive into the old generation.
   */
  int(n: number): void {
    let div = 1;
    while (div * 10 <= n) div *= 10;
    for (; div >= 1; div /= 10) {
      const d = Math.floor(n / div);
      this.byte(0x30 + d);
      n -= d * div;
    }
  }

  text(s: string): void {
    // A UTF-16 code unit takes at most 3 bytes; count exactly only when that bound is near.
    if (this.at + s.length * 3 > this.buf.length && this.at + Buffer.byteLength(s) > this.buf.length) {
      this.overflow = true;
      return;
    }
    this.at += this.buf.write(s, this.at);
  }
}

const SUMMARY_COLUMNS: readonly Status[] = ['eligible', 'undetermined', 'ineligible', 'not_in_force'];

/** The provisions of a handbook in report order, and those with tiers (which get an amount column). */
function provisionColumns(handbook: Handbook): { ids: string[]; tiered: Set<string> } {
  const ids: string[] = [];
  const tiered = new Set<string>();
  for (const p of handbook.policies) {
    for (const pr of p.provisions) {
      ids.push(pr.id);
      if (pr.tiers.length > 0) tiered.add(pr.id);
    }
  }
  return { ids, tiered };
}

/**
 * The CSV matrix: a header line, then one line per row. Columns: line, name, one per
 * provision (符合/待定/不符合/不在有效期内: STATUS_WORDS), `<id>.amount` for provisions with tiers,
 * `<id>.to_qualify` for every provision (what it would take, in words), the four counts,
 * and `error` (a bad row's problems, its status cells empty).
 */
export class CsvMatrix {
  private readonly ids: string[];
  private readonly tiered: Set<string>;
  private readonly facts: Handbook['facts'];
  /** The to_qualify cell (CSV-quoted) per shared, frozen list of alternatives. */
  private readonly cells = new Map<object, { text: string; bytes: Buffer }>();

  constructor(handbook: Handbook) {
    const c = provisionColumns(handbook);
    this.ids = c.ids;
    this.tiered = c.tiered;
    this.facts = handbook.facts;
  }

  header(): string {
    const amountCols = this.ids.filter((id) => this.tiered.has(id)).map((id) => `${id}.amount`);
    const qualifyCols = this.ids.map((id) => `${id}.to_qualify`);
    return ['line', 'name', ...this.ids, ...amountCols, ...qualifyCols, ...SUMMARY_COLUMNS, 'error'].join(',') + '\r\n';
  }

  /**
   * What a provision needs, as a cell: each way to qualify in words (若…，即可享受; for an
   * eligible one, the next tier's 若…，可享受 200万元), or the facts still to learn when no
   * way can be stated; empty when nothing is needed or nothing can help.
   */
  private qualifyCell(d: StatusDecision, profile: Profile): { text: string; bytes: Buffer | undefined } {
    const alts = d.nextTier ? d.nextTier.toQualify : d.toQualify;
    if (alts.length === 0) {
      if (d.status !== 'undetermined' || d.missing.length === 0) return EMPTY_CELL;
      const labels = d.missing.map((id) => this.facts.find((f) => f.id === id)?.label ?? id);
      return { text: csvCell(`还需了解：${labels.join('、')}`, true), bytes: undefined };
    }
    const cached = this.cells.get(alts);
    if (cached) return cached;
    const outcome = d.nextTier ? `可享受 ${d.nextTier.amount.text}` : '即可享受';
    // No "再增加 …" (it depends on the row's own numbers): the cell is the same for every row sharing these alternatives.
    const text = csvCell(alts.map((a) => describeAlternative({ facts: this.facts }, a, { profile, outcome, shortfall: false })).join('；'), true);
    const cell = { text, bytes: Buffer.from(text) };
    if (Object.isFrozen(alts) && this.cells.size < 10_000) this.cells.set(alts, cell);
    return cell;
  }

  row(row: BatchRow, result: StatusResult | undefined): string {
    const cells: string[] = [String(row.line), csvCell(row.name, true)];
    const bad = !result || row.issues.length > 0;
    const nExtra = this.tiered.size + this.ids.length;
    if (bad) {
      for (let i = 0; i < this.ids.length + nExtra + SUMMARY_COLUMNS.length; i++) cells.push('');
      cells.push(csvCell(row.issues.map((i) => (i.field ? `${i.field}：${i.message}` : i.message)).join('；'), true));
      return cells.join(',') + '\r\n';
    }
    const amounts: string[] = [];
    const needs: string[] = [];
    for (const d of result.decisions) {
      cells.push(STATUS_WORDS[d.status]);
      if (this.tiered.has(d.id)) amounts.push(d.amount ? String(d.amount.value) : '');
      needs.push(this.qualifyCell(d, row.profile).text);
    }
    cells.push(...amounts, ...needs);
    for (const s of SUMMARY_COLUMNS) cells.push(String(result.summary[s]));
    cells.push('');
    return cells.join(',') + '\r\n';
  }

  /**
   * Writes the same bytes as `row` (UTF-8) into `buf` from `at`, without building the row
   * as a string. Returns where the row ends, or -1 when it does not fit.
   */
  encode(row: BatchRow, result: StatusResult | undefined, buf: Buffer, at: number): number {
    if (!result || row.issues.length > 0) return writeWhole(this.row(row, result), buf, at);
    const w = new ByteWriter(buf, at);
    w.int(row.line);
    w.byte(0x2c);
    if (row.name !== undefined) w.text(csvCell(row.name, true));
    const ds = result.decisions;
    for (let i = 0; i < ds.length; i++) {
      w.byte(0x2c);
      w.piece(STATUS_BYTES[ds[i]!.status]);
    }
    for (let i = 0; i < ds.length; i++) {
      const d = ds[i]!;
      if (!this.tiered.has(d.id)) continue;
      w.byte(0x2c);
      if (d.amount) w.text(String(d.amount.value));
    }
    for (let i = 0; i < ds.length; i++) {
      w.byte(0x2c);
      const cell = this.qualifyCell(ds[i]!, row.profile);
      if (cell.bytes) w.piece(cell.bytes);
      else w.text(cell.text);
    }
    for (const status of SUMMARY_COLUMNS) {
      w.byte(0x2c);
      w.int(result.summary[status]);
    }
    w.piece(CSV_ROW_END);
    return w.overflow ? -1 : w.at;
  }
}

const EMPTY_CELL = { text: '', bytes: Buffer.alloc(0) };
const STATUS_BYTES = Object.fromEntries(Object.entries(STATUS_WORDS).map(([k, v]) => [k, Buffer.from(v)])) as Record<Status, Buffer>;
/** The empty `error` cell and the line end. */
const CSV_ROW_END = Buffer.from(',\r\n');
