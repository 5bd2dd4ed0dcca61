//! Batch profiles: a CSV (header = fact ids and optionally `name`) or JSON Lines file,
//! one line at a time. In: lines and their numbers (the CLI streams them from the file).
//! Out: one BatchRow per profile — its line, name, profile and problems — and the output
//! lines for it: a JSON line, or a row of the CSV matrix (profile × provision status).
//! A bad row is a row with problems; it never stops the rows after it. Pure: no I/O.

import type { Handbook, Profile } from '../model/index.js';
import type { CheckResult, Status } from '../eligibility/check.js';
import { CsvSplitter, csvCell } from './csv.js';
import { readProfileObject } from './fields.js';
import { NAME_FIELD, readTextValue, unknownFieldMessage, type ProfileIssue, type ProfileSpec } from './values.js';

export type BatchInputFormat = 'csv' | 'jsonl';

export interface BatchRow {
  /** 1-based line of the file where the profile starts. */
  line: number;
  name?: string;
  profile: Profile;
  /** Empty when the row is good. */
  issues: ProfileIssue[];
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
  private firstJsonLine = true;

  constructor(
    readonly format: BatchInputFormat,
    private readonly spec: ProfileSpec,
    private readonly file: string,
  ) {
    if (format === 'csv') this.csv = new CsvSplitter();
  }

  /** True once the CSV header has been read (always true for JSON Lines). */
  get ready(): boolean {
    return this.format === 'jsonl' || this.columns !== undefined;
  }

  push(line: string, lineNo: number): BatchRow | undefined {
    return this.format === 'csv' ? this.pushCsv(line, lineNo) : this.pushJson(line, lineNo);
  }

  /** At the end of the input: a row for a quoted CSV field left open, if any. */
  end(): BatchRow | undefined {
    const open = this.csv?.unterminated();
    if (open === undefined) return undefined;
    return { line: open, profile: {}, issues: [{ code: 'profile/syntax', field: '', message: '引号未闭合：带引号的单元格一直到文件末尾都没有结束', file: this.file, line: open }] };
  }

  private pushCsv(text: string, lineNo: number): BatchRow | undefined {
    const record = this.csv!.push(text, lineNo);
    if (!record) return undefined;
    if (this.columns === undefined) {
      this.readHeader(record.fields, record.line, record.blank);
      return undefined;
    }
    // Without a usable header no row can be read.
    if (this.headerIssues.length > 0) return undefined;
    const row: BatchRow = { line: record.line, profile: {}, issues: [] };
    const issue = (code: ProfileIssue['code'], field: string, message: string): void => {
      row.issues.push({ code, field, message, file: this.file, line: record.line });
    };
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
      else if (r.value !== undefined) row.profile[field] = r.value;
    }
    return row;
  }

  private readHeader(fields: string[], line: number, blank: boolean): void {
    const at = { file: this.file, line };
    if (blank) {
      this.headerIssues.push({ code: 'batch/header', field: '', message: '第一行应为表头（事实 id，可另加 name 列），实际为空行', ...at });
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
        this.headerIssues.push({ code: 'batch/header', field, message, ...at });
      } else if (seen.has(field)) {
        this.headerIssues.push({ code: 'batch/header', field, message: `列 "${field}" 在表头中出现了两次`, ...at });
      }
      seen.add(field);
      columns.push(field);
    });
    this.columns = columns;
  }

  private pushJson(rawText: string, lineNo: number): BatchRow {
    let text = rawText;
    if (this.firstJsonLine) {
      this.firstJsonLine = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const at = { file: this.file, line: lineNo };
    if (text.trim() === '') {
      return { line: lineNo, profile: {}, issues: [{ code: 'batch/empty-line', field: '', message: '空行：每行应为一家企业的画像（一个 JSON 对象）', ...at }] };
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return { line: lineNo, profile: {}, issues: [{ code: 'profile/syntax', field: '', message: `不是合法的 JSON：${(e as Error).message}`, ...at }] };
    }
    const read = readProfileObject(value, this.spec);
    for (const i of read.issues) Object.assign(i, at);
    return { line: lineNo, profile: read.profile, issues: read.issues, ...(read.name !== undefined ? { name: read.name } : {}) };
  }
}

/** The machine-readable form of a row's problems. */
function issuesJson(issues: readonly ProfileIssue[]): { field: string; code: string; message: string }[] {
  return issues.map((i) => ({ field: i.field, code: i.code, message: i.message }));
}

/**
 * JSON Lines output: per row `{line, name, results: [{id, status, amount, missing}], summary}`,
 * or `{line, name, errors: [{field, code, message}]}` for a bad row. Each line ends with a
 * newline. Built by hand from precomputed pieces (the same JSON as JSON.stringify, faster).
 */
export class JsonLines {
  private readonly quoted = new Map<string, string>();

  private q(s: string): string {
    let v = this.quoted.get(s);
    if (v === undefined) {
      v = JSON.stringify(s);
      if (this.quoted.size < 10_000) this.quoted.set(s, v);
    }
    return v;
  }

  line(row: BatchRow, result: CheckResult | undefined): string {
    const head = `{"line":${row.line},"name":${row.name === undefined ? 'null' : JSON.stringify(row.name)},`;
    if (!result || row.issues.length > 0) return `${head}"errors":${JSON.stringify(issuesJson(row.issues))}}\n`;
    let out = `${head}"results":[`;
    const ds = result.decisions;
    for (let i = 0; i < ds.length; i++) {
      const d = ds[i]!;
      const amount = d.amount === null ? 'null' : `{"value":${d.amount.value},"unit":${this.q(d.amount.unit)},"text":${this.q(d.amount.text)}}`;
      let missing = '[';
      for (let j = 0; j < d.missing.length; j++) missing += (j ? ',' : '') + this.q(d.missing[j]!);
      out += `${i ? ',' : ''}{"id":${this.q(d.id)},"status":"${d.status}","amount":${amount},"missing":${missing}]}`;
    }
    const s = result.summary;
    return `${out}],"summary":{"eligible":${s.eligible},"ineligible":${s.ineligible},"undetermined":${s.undetermined},"not_in_force":${s.not_in_force}}}\n`;
  }
}

/** Status words in the CSV matrix (read by people in a spreadsheet). */
export const STATUS_WORDS: Record<Status, string> = {
  eligible: '符合',
  ineligible: '不符合',
  undetermined: '待定',
  not_in_force: '未生效',
};

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
 * provision (符合/待定/不符合/未生效), `<id>.amount` for provisions with tiers, the four
 * counts, and `error` (a bad row's problems, its status cells empty).
 */
export class CsvMatrix {
  private readonly ids: string[];
  private readonly tiered: Set<string>;

  constructor(handbook: Handbook) {
    const c = provisionColumns(handbook);
    this.ids = c.ids;
    this.tiered = c.tiered;
  }

  header(): string {
    const amountCols = this.ids.filter((id) => this.tiered.has(id)).map((id) => `${id}.amount`);
    return ['line', 'name', ...this.ids, ...amountCols, ...SUMMARY_COLUMNS, 'error'].join(',') + '\r\n';
  }

  row(row: BatchRow, result: CheckResult | undefined): string {
    const cells: string[] = [String(row.line), csvCell(row.name, true)];
    const bad = !result || row.issues.length > 0;
    const nAmount = this.tiered.size;
    if (bad) {
      for (let i = 0; i < this.ids.length + nAmount + SUMMARY_COLUMNS.length; i++) cells.push('');
      cells.push(csvCell(row.issues.map((i) => (i.field ? `${i.field}：${i.message}` : i.message)).join('；'), true));
      return cells.join(',') + '\r\n';
    }
    const amounts: string[] = [];
    for (const d of result.decisions) {
      cells.push(STATUS_WORDS[d.status]);
      if (this.tiered.has(d.id)) amounts.push(d.amount ? String(d.amount.value) : '');
    }
    cells.push(...amounts);
    for (const s of SUMMARY_COLUMNS) cells.push(String(result.summary[s]));
    cells.push('');
    return cells.join(',') + '\r\n';
  }
}
