//! RFC 4180 CSV, one physical line at a time, so a file of any length streams through
//! in flat memory. In: lines without their terminators (as readline gives them) and their
//! 1-based line numbers. Out: records (fields + the line the record starts on); a quoted
//! field may hold commas, doubled quotes and line breaks, which join the following lines.
//! A UTF-8 BOM on the first line is dropped; a CR left at a line's end is ignored.
//! Hand-written rather than a dependency: ~60 lines, it must report the file's own line
//! numbers and plug into readline's line stream, and it stays on the fast path (a line
//! without quotes is a plain split). Pure: no I/O.

export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  fields: string[];
  /** The record is one empty line. */
  blank: boolean;
}

export class CsvSplitter {
  private fields: string[] = [];
  private cur = '';
  private inQuotes = false;
  private pending = false;
  private startLine = 0;
  private first = true;

  /** Feeds one line; returns the record it completes, or undefined inside a quoted field. */
  push(rawLine: string, lineNo: number): CsvRecord | undefined {
    let line = rawLine;
    if (this.first) {
      this.first = false;
      if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    }
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (!this.pending) {
      this.startLine = lineNo;
      if (line === '') return { line: lineNo, fields: [''], blank: true };
      if (!line.includes('"')) return { line: lineNo, fields: line.split(','), blank: false };
      this.fields = [];
      this.cur = '';
      this.inQuotes = false;
    } else {
      // A line break inside a quoted field.
      this.cur += '\n';
    }
    let fieldStart = !this.pending;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (this.inQuotes) {
        if (c === '"') {
          if (line[i + 1] === '"') {
            this.cur += '"';
            i++;
          } else this.inQuotes = false;
        } else this.cur += c;
      } else if (c === ',') {
        this.fields.push(this.cur);
        this.cur = '';
        fieldStart = true;
        continue;
      } else if (c === '"' && fieldStart && this.cur === '') {
        this.inQuotes = true;
      } else this.cur += c;
      fieldStart = false;
    }
    if (this.inQuotes) {
      this.pending = true;
      return undefined;
    }
    this.pending = false;
    this.fields.push(this.cur);
    const record = { line: this.startLine, fields: this.fields, blank: false };
    this.fields = [];
    this.cur = '';
    return record;
  }

  /** At the end of input: the line of a quoted field left open, if any. */
  unterminated(): number | undefined {
    return this.pending ? this.startLine : undefined;
  }
}

/** One CSV cell: quoted when it must be; text that a spreadsheet would run as a formula is defused. */
export function csvCell(value: string | number | null | undefined, text = false): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (text && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
