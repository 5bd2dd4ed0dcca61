//! Diagnostics: the registry of stable codes, the one record of a problem every stage
//! reports into — a handbook file, a profile, a batch row, the tool itself — and its one
//! rendering `file:line:col: severity message [code]`.

export type Severity = 'error' | 'warning';

/**
 * The stable registry of diagnostic codes. Tests and editors match on these;
 * add new codes, never rename or reuse one.
 */
export const CODES = {
  'file/unreadable': '无法读取文件',
  'file/encoding': '文件不是合法的 UTF-8',
  'file/nul': '文件含 NUL 字符',
  'file/not-regular': '不是普通文件（命名管道、设备、目录…）',
  'file/too-large': '文件超过大小上限',
  'handbook/empty': '目录中没有政策文件',
  'handbook/missing-facts': '缺少 facts.yaml',
  'yaml/syntax': 'YAML 语法错误',
  'front-matter/missing': '缺少 YAML 前置信息',
  'front-matter/missing-field': '缺少必填字段',
  'front-matter/unknown-field': '未知字段',
  'front-matter/type': '字段类型错误',
  'front-matter/value': '字段取值错误',
  'policy/duplicate-id': '政策 id 重复',
  'policy/unknown-parent': 'parent 指向不存在的政策',
  'policy/illustrative-note': '示例文本缺少醒目说明',
  'provision/duplicate-id': '条目 id 重复',
  'provision/bad-id': '条目 id 格式错误',
  'provision/missing-clause': '条目引用的条款不存在',
  'body/duplicate-clause': '条款编号重复',
  'body/numbering': '章节或条款编号不连续',
  'body/unknown-reference': '正文引用了不存在的 id',
  'body/section-number': '章节标题的编号写法错误',
  'body/heading-level': '章节标题的级别错误',
  'body/heading-syntax': '章节标题的 # 后缺少空格',
  'body/clause-number': '条款编号写法错误',
  'body/raw-html': '正文含 HTML（排印时移除）',
  'body/unsafe-link': '正文含不安全的链接地址',
  'body/too-deep': '正文嵌套过深或标记过多',
  'facts/duplicate-id': '事实 id 重复',
  'facts/bad-id': '事实 id 格式错误',
  'facts/type': '事实定义错误',
  'rule/syntax': '规则写法错误',
  'rule/unknown-fact': '规则引用了未声明的事实',
  'rule/type-mismatch': '规则中的类型不匹配',
  'rule/unknown-value': '枚举值未声明',
  'rule/cycle': '派生事实循环引用',
  'tier/syntax': '金额档次写法错误',
  'synonyms/syntax': '同义词表写法错误',
  // Profiles (a file, standard input, --set) and batch rows.
  'profile/syntax': '画像文件无法解析',
  'profile/not-a-map': '画像应为“字段: 值”的映射',
  'profile/unknown-field': '未知字段',
  'profile/type': '取值类型错误',
  'profile/value': '取值不在可选范围内',
  'profile/range': '数值超出范围',
  'profile/set-syntax': '--set 写法错误',
  'batch/header': 'CSV 表头错误',
  'batch/columns': '列数与表头不一致',
  'batch/empty-line': '空行',
  'batch/unreadable': '无法读取批量文件',
  'batch/empty': '批量文件是空的',
  'batch/line-too-long': '批量文件的行超过长度上限',
  // A defect of this program, not of its input.
  'internal/unexpected': '内部错误',
} as const;

export type DiagnosticCode = keyof typeof CODES;

/**
 * One problem, wherever it was found. A handbook's diagnostics always have a position
 * (`Diagnostic`); a profile's may not (`--set`, a closed standard input), and say which
 * field they are about.
 */
export interface Problem {
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  /** Path relative to the handbook folder (or as given); `-` for standard input, `--set`. */
  file?: string;
  line?: number;
  column?: number;
  /** For a profile: the field (a fact id, `name`) it is about; '' for the profile as a whole. */
  field?: string;
  /** A parser's own message (English), when `message` is its translation: kept for `--json`. */
  original?: string;
}

/** A problem at a position in a handbook's sources. */
export interface Diagnostic extends Problem {
  file: string;
  line: number;
  column: number;
}

/** Collects diagnostics; stages report into it and go on. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];

  error(code: DiagnosticCode, message: string, at: { file: string; line: number; column: number }, original?: string): void {
    this.items.push({ severity: 'error', code, message, file: at.file, line: at.line, column: at.column, ...(original !== undefined ? { original } : {}) });
  }

  warning(code: DiagnosticCode, message: string, at: { file: string; line: number; column: number }): void {
    this.items.push({ severity: 'warning', code, message, file: at.file, line: at.line, column: at.column });
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  /** Diagnostics in a stable order: by file, line, column, then code. */
  sorted(): Diagnostic[] {
    return sortDiagnostics(this.items);
  }
}

/**
 * Text order that is the same on every machine: by UTF-16 code units (as Array.prototype.sort
 * with no comparator), never by the process's locale (localeCompare and Intl.Collator follow
 * LANG/LC_ALL and the ICU data Node was built with).
 * @example ['政策.md', 'b.md', 'A.md'].sort(compareText) // ['A.md', 'b.md', '政策.md']
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortDiagnostics(items: readonly Diagnostic[]): Diagnostic[] {
  return [...items].sort((a, b) => compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.code, b.code));
}

// Codes whose message already names its field.
const NAMES_ITS_FIELD: ReadonlySet<DiagnosticCode> = new Set(['profile/unknown-field', 'batch/header']);

/**
 * The one line of any problem:
 * `policies/01-land.md:12:3: error 未声明的事实 "needs_lnd" … [rule/unknown-fact]`,
 * `profile.yaml:3:14: error 字段 paid_in_wan：应为数字… [profile/type]`; the position is
 * as much of file:line:column as is known.
 */
export function formatDiagnostic(d: Problem, displayPath: (file: string) => string = (f) => f): string {
  const severity = d.severity === 'error' ? 'error' : 'warning';
  const where = d.file === undefined ? '' : `${displayPath(d.file)}${d.line === undefined ? '' : `:${d.line}`}${d.line === undefined || d.column === undefined ? '' : `:${d.column}`}: `;
  const field = d.field && !NAMES_ITS_FIELD.has(d.code) ? `字段 ${d.field}：` : '';
  return `${where}${severity} ${field}${d.message} [${d.code}]`;
}

/** Edit distance, for "did you mean". */
export function levenshtein(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[n]!;
}

export interface SuggestOptions {
  /**
   * Suggest nothing when two candidates are equally close. The compiler asks this: between
   * `lt` and `lte` for `le`, or two clause ids for `land.2.9`, a guess could change what the
   * author meant (a table of what is meant, like the operators' `alsoWritten`, answers those).
   */
  unambiguous?: boolean;
}

/** The compiler's suggestions: none rather than a guess between equals. */
export const UNAMBIGUOUS: SuggestOptions = { unambiguous: true };

/** The closest candidate to `word`, if one is close enough to be a likely typo. */
export function didYouMean(word: string, candidates: Iterable<string>, options: SuggestOptions = {}): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  let tied = false;
  for (const c of candidates) {
    const d = levenshtein(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
      tied = false;
    } else if (d === bestDistance && c.toLowerCase() !== best!.toLowerCase()) {
      tied = true;
    }
  }
  if (best === undefined || (tied && options.unambiguous)) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(word.length, best.length) / 3));
  return bestDistance <= limit ? best : undefined;
}

/** `（是否应为 "needs_land"？）` or empty. */
export function suggestion(word: string, candidates: Iterable<string>, options: SuggestOptions = {}): string {
  const s = didYouMean(word, candidates, options);
  return s === undefined ? '' : `（是否应为 "${s}"？）`;
}
