//! How sections and clauses are numbered, and how a number written wrongly is recognised.
//! In: one line of a policy body. Out: whether it is a section heading (`## 二、…`), a clause
//! start (`（二）…`), or one of them written wrongly — `## 二. 支持措施`, `# 二、支持措施`,
//! `(2)申报` — with the number it should have, so that the mistake is reported at its own
//! line and the body is then read as the author meant (no errors that only follow from it).

const DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const NUMERAL = '[〇零一二两三四五六七八九十百]+';

/** 一 → 1, 十二 → 12, 二十 → 20, 九十九 → 99; undefined if not a numeral. */
export function parseChineseNumeral(s: string): number | undefined {
  if (!/^[〇零一二两三四五六七八九十百]+$/.test(s)) return undefined;
  let total = 0;
  let current = 0;
  for (const ch of s) {
    if (ch === '百') {
      total += (current || 1) * 100;
      current = 0;
    } else if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else {
      current = current * 10 + DIGITS[ch]!;
    }
  }
  const n = total + current;
  return n > 0 ? n : undefined;
}

/** 1 → 一, 12 → 十二, 20 → 二十. */
export function toChineseNumeral(n: number): string {
  const d = '〇一二三四五六七八九';
  if (n < 10) return d[n]!;
  if (n < 20) return '十' + (n % 10 ? d[n % 10] : '');
  if (n < 100) return d[Math.floor(n / 10)] + '十' + (n % 10 ? d[n % 10] : '');
  return String(n);
}

export const SECTION_HEADING = new RegExp(`^#{2,3}[ \\t]+(${NUMERAL})、[ \\t]*(.*)$`);
export const CLAUSE_START = new RegExp(`^(?:\\*\\*)?[（(](${NUMERAL})[）)][ \\t]*(.*)$`);

/** Any ATX heading: its level and its text. */
const ANY_HEADING = /^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
/** `##二、…`: meant as a heading, but Markdown needs a space after the #s, so it is a paragraph. */
const UNSPACED_HEADING = /^(#{1,6})([^#\s].*?)[ \t]*$/;
/** A heading text that opens with a number (Chinese, or Arabic 1–99) and a separator other than 、 after a Chinese one. */
const NUMBERED_TEXT = new RegExp(`^(${NUMERAL}|[0-9０-９]{1,2})(?:[ \\t]*[、.．,，:：;；]|[ \\t]+)[ \\t]*(?![0-9０-９])(.*)$`);
/** A clause number in Arabic digits (`(2)`, `（２）`) or in the wrong brackets (`【二】`, `〔二〕`, `［二］`). */
const MISWRITTEN_CLAUSE = new RegExp(`^([ \\t]*(?:\\*\\*)?)([（(][ \\t]*([0-9０-９]{1,2})[ \\t]*[）)]|[〔【［](${NUMERAL})[〕】］])[ \\t]*(.*)$`);

const LEVEL_WORDS = ['', '一', '二', '三', '四', '五', '六'] as const;

/** A number as written: Chinese, or Arabic (half- or full-width) → its value, if 1–99. */
function numberValue(written: string): number | undefined {
  const n = /^[0-9０-９]+$/.test(written)
    ? Number(written.replace(/[０-９]/g, (c) => String(c.charCodeAt(0) - 0xff10)))
    : parseChineseNumeral(written);
  return n !== undefined && n >= 1 && n <= 99 ? n : undefined;
}

/** A numbered line written wrongly: what to report, where, and what the author meant. */
export interface NumberingMistake {
  code: 'body/section-number' | 'body/heading-level' | 'body/heading-syntax' | 'body/clause-number';
  message: string;
  /** 1-based column of the mistake (the number, or the heading's first `#`). */
  column: number;
  /** The number meant, as a Chinese numeral (二). */
  numeral: string;
  /** The text after the number. */
  rest: string;
}

/**
 * A heading that numbers a section but is not written `## 二、标题`: a number other than
 * `二、` (`二.`, `二，`, `2、`, `二 标题`) at level 2 or 3, a numbered heading at level 1
 * or 4–6, or `##二、…` with no space after the #s (a paragraph to Markdown). A heading
 * without a number is not a section and not a mistake.
 */
export function headingMistake(line: string): NumberingMistake | undefined {
  if (SECTION_HEADING.test(line)) return undefined;
  const unspaced = ANY_HEADING.test(line) ? null : UNSPACED_HEADING.exec(line);
  if (unspaced) {
    const m = NUMBERED_TEXT.exec(unspaced[2]!) ?? new RegExp(`^(${NUMERAL})、(.*)$`).exec(unspaced[2]!);
    const n = m ? numberValue(m[1]!) : undefined;
    if (!m || n === undefined) return undefined;
    const numeral = toChineseNumeral(n);
    return { code: 'body/heading-syntax', message: `标题“${line.trim()}”的 # 后应有空格：“## ${numeral}、${m[2]!}”`, column: unspaced[1]!.length + 1, numeral, rest: m[2]! };
  }
  const h = ANY_HEADING.exec(line);
  if (!h) return undefined;
  const level = h[1]!.length;
  const text = h[2]!;
  const m = NUMBERED_TEXT.exec(text);
  const n = m ? numberValue(m[1]!) : undefined;
  if (!m || n === undefined) return undefined;
  const numeral = toChineseNumeral(n);
  const rest = m[2]!;
  if (level === 2 || level === 3) {
    return { code: 'body/section-number', message: `标题“${text}”的编号应为“${numeral}、”`, column: line.indexOf(text) + 1, numeral, rest };
  }
  return {
    code: 'body/heading-level',
    message: `标题“${text}”是${LEVEL_WORDS[level]}级标题，章节标题应为二级：“## ${numeral}、${rest}”`,
    column: 1,
    numeral,
    rest,
  };
}

/**
 * A paragraph opening with a clause number written wrongly (`(2)`, `（２）`, `【二】`), where
 * `expectsClause(n)` says a clause is expected with that number — so a `（1）（2）` list inside
 * a clause, the handbook's fourth level, is not mistaken for one.
 */
export function clauseNumberMistake(line: string, expectsClause: (n: number) => boolean): NumberingMistake | undefined {
  return readClauseNumber(line, expectsClause).mistake;
}

/**
 * How a line is numbered, from one match of MISWRITTEN_CLAUSE: the clause number written
 * wrongly (see clauseNumberMistake), and whether the line is an Arabic `(1)`-style item (a
 * clause's fourth-level list).
 */
export function readClauseNumber(line: string, expectsClause: (n: number) => boolean): { mistake?: NumberingMistake; arabicItem: boolean } {
  const m = MISWRITTEN_CLAUSE.exec(line);
  if (!m) return { arabicItem: false };
  const arabicItem = m[3] !== undefined;
  const n = numberValue(m[3] ?? m[4]!);
  if (n === undefined) return { arabicItem };
  if (arabicItem && !expectsClause(n)) return { arabicItem };
  const numeral = toChineseNumeral(n);
  const rest = m[5]!;
  const lead = /^[^。：；]*/.exec(rest.replace(/\*\*/g, '').trim())![0];
  return {
    arabicItem,
    mistake: {
      code: 'body/clause-number',
      message: `条款“${m[2]}${lead.length > 20 ? `${lead.slice(0, 20)}…` : lead}”的编号应为“（${numeral}）”`,
      column: m[1]!.length + 1,
      numeral,
      rest,
    },
  };
}
