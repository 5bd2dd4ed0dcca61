//! The corpus read once, for building an index: what both the lexicon and the indexer need.
//! In: the search documents. Out: each distinct text of a field, normalised once and kept as
//! its pieces in the tokenizer's order (Han runs, by run id, and other terms, by term id);
//! the distinct Han runs; and what the lexicon learns from — the runs of the title, section,
//! text and provisions fields with how often each occurs, in order of first occurrence.
//! At 10,000 policies a Han run occurs ~14 times and a title ~20 times on average: each
//! distinct one is normalised, scanned, segmented and cut once. Pure and browser-safe.

import { normalizeText, isCommonText } from './normalize.js';
import type { SearchDocument } from './documents.js';

/** The fields the lexicon learns from, in the order it reads them (the order decides which
 *  simplified character a traditional form maps back to, when two could). */
export const LEXICON_FIELDS = ['title', 'section', 'text', 'provisions'] as const;

/** A growable Int32Array. */
export class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1 << 16) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }
}

// The tokenizer's pieces (see tokenize.ts) and the lexicon's runs, for text outside the common set.
const PIECES = /〔((?:19|20)\d\d)〕(\d+)号|\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;
const IS_HAN = /^\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;

const isHanCode = (c: number) => c >= 0x4e00 && c <= 0x9fef;
const isAlnumCode = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
const isDigitCode = (c: number) => c >= 0x30 && c <= 0x39;

/**
 * End of a document number 〔2011〕119号 starting at `i` (just after its 号), or −1: the first
 * alternative of the tokenizer's PIECES, `〔((?:19|20)\d\d)〕(\d+)号`.
 */
function documentNumberEnd(s: string, i: number): number {
  const a = s.charCodeAt(i + 1);
  const b = s.charCodeAt(i + 2);
  if (!((a === 0x31 && b === 0x39) || (a === 0x32 && b === 0x30))) return -1;
  if (!isDigitCode(s.charCodeAt(i + 3)) || !isDigitCode(s.charCodeAt(i + 4)) || s.charCodeAt(i + 5) !== 0x3015) return -1;
  let k = i + 6;
  while (isDigitCode(s.charCodeAt(k))) k++;
  if (k === i + 6 || s.charCodeAt(k) !== 0x53f7) return -1;
  return k + 1;
}

/** The corpus, read once (see above): built from the documents, then read by the lexicon and the indexer. */
export class Corpus {
  /** Per document and field (FIELDS order: doc * nFields + fieldId), the id of its text. */
  readonly textOf: Int32Array;
  /** Distinct field texts as given (not normalised). */
  readonly texts: string[] = [];
  /** Per text, its pieces at program[programStart[t], programEnd[t]): a run id r ≥ 0, or ~termId for any other term. */
  readonly programStart = new IntList(1 << 12);
  readonly programEnd = new IntList(1 << 12);
  readonly program = new IntList(1 << 12);
  /** Per text, the lexicon's Han runs (run ids) at lexiconRuns[lexiconStart[t], lexiconStart[t + 1]). */
  private readonly lexiconStart = new IntList(1 << 12);
  private readonly lexiconRuns = new IntList(1 << 12);
  /** Per text, how many times it occurs in a lexicon field. */
  private readonly lexiconCount = new IntList(1 << 12);
  /** Distinct Han runs (the tokenizer's and the lexicon's), by run id. */
  readonly runs: string[] = [];
  /** Terms other than Han runs' (Latin words, numbers, document numbers), by term id; the indexer adds the Han terms. */
  readonly terms: string[] = [];
  readonly termIds = new Map<string, number>();
  private readonly runIds = new Map<string, number>();
  private readonly textIds = new Map<string, number>();

  readonly documents: number;
  private readonly nFields: number;
  private readonly lexiconFields: number[];

  constructor(docs: readonly SearchDocument[], fields: readonly string[]) {
    const nFields = fields.length;
    this.documents = docs.length;
    this.nFields = nFields;
    this.textOf = new Int32Array(docs.length * nFields);
    const lexiconFields = LEXICON_FIELDS.map((f) => fields.indexOf(f)).filter((i) => i >= 0);
    this.lexiconFields = lexiconFields;
    const otherFields = fields.map((_, i) => i).filter((i) => !lexiconFields.includes(i));
    this.lexiconStart.push(0);
    docs.forEach((doc, d) => {
      const record = doc as unknown as Record<string, unknown>;
      for (const fieldId of lexiconFields) {
        const t = this.textId(String(record[fields[fieldId]!]));
        this.textOf[d * nFields + fieldId] = t;
        this.lexiconCount.data[t]!++;
      }
      for (const fieldId of otherFields) this.textOf[d * nFields + fieldId] = this.textId(String(record[fields[fieldId]!]));
    });
  }

  /** The id of a text, reading it the first time it is seen. */
  private textId(text: string): number {
    let t = this.textIds.get(text);
    if (t !== undefined) return t;
    t = this.texts.length;
    this.textIds.set(text, t);
    this.texts.push(text);
    this.lexiconCount.push(0);
    this.programStart.push(this.program.length);
    this.read(normalizeText(text));
    this.programEnd.push(this.program.length);
    this.lexiconStart.push(this.lexiconRuns.length);
    return t;
  }

  /**
   * Reads text t again from another normalised form (build.ts: a text the lexicon did not
   * learn from may hold traditional characters the lexicon maps to simplified ones).
   */
  reread(t: number, normalized: string): void {
    this.programStart.data[t] = this.program.length;
    this.read(normalized, true);
    this.programEnd.data[t] = this.program.length;
  }

  /**
   * The runs the lexicon learns from, in order of first occurrence in the lexicon's reading
   * order (documents in order, LEXICON_FIELDS in order), with how often each occurs there:
   * what a pass of /\p{Script=Han}+/ over those fields of every document would count.
   */
  lexiconRunsInOrder(): { runs: string[]; times: Int32Array } {
    const order: number[] = [];
    const seenRun = new Uint8Array(this.runs.length);
    const seenText = new Uint8Array(this.texts.length);
    const times = new Int32Array(this.runs.length);
    const { textOf, nFields, lexiconFields } = this;
    const ids = this.lexiconRuns.data;
    const start = this.lexiconStart.data;
    for (let d = 0; d < this.documents; d++) {
      for (const fieldId of lexiconFields) {
        const t = textOf[d * nFields + fieldId]!;
        if (seenText[t]) continue;
        seenText[t] = 1;
        const count = this.lexiconCount.data[t]!;
        for (let k = start[t]!; k < start[t + 1]!; k++) {
          const r = ids[k]!;
          times[r]! += count;
          if (!seenRun[r]) {
            seenRun[r] = 1;
            order.push(r);
          }
        }
      }
    }
    return { runs: order.map((r) => this.runs[r]!), times: Int32Array.from(order, (r) => times[r]!) };
  }

  /** Ids of the texts that occur in no lexicon field. */
  otherTexts(): number[] {
    const ids: number[] = [];
    for (let t = 0; t < this.texts.length; t++) if (this.lexiconCount.data[t] === 0) ids.push(t);
    return ids;
  }

  private runId(run: string): number {
    return intern(this.runIds, this.runs, run);
  }

  private term(term: string): void {
    this.program.push(~intern(this.termIds, this.terms, term));
  }

  /** Appends a normalised text's pieces to `program` and (unless `piecesOnly`) its runs to `lexiconRuns`. */
  private read(s: string, piecesOnly = false): void {
    if (!isCommonText(s)) {
      for (const m of s.matchAll(PIECES)) {
        const piece = m[0];
        if (m[1] !== undefined) {
          this.term(piece);
          this.term(m[1]);
          this.term(m[2]!);
        } else if (IS_HAN.test(piece)) this.program.push(this.runId(piece));
        else this.term(piece);
      }
      if (!piecesOnly) for (const run of s.match(HAN_RUN) ?? []) this.lexiconRuns.push(this.runId(run));
      return;
    }
    // Common text (see isCommonText): the same pieces and runs, read without regular expressions.
    const n = s.length;
    let i = 0;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (isHanCode(c)) {
        let j = i + 1;
        while (j < n && isHanCode(s.charCodeAt(j))) j++;
        const r = this.runId(s.slice(i, j));
        this.program.push(r);
        if (!piecesOnly) this.lexiconRuns.push(r);
        i = j;
      } else if (isAlnumCode(c)) {
        let j = i + 1;
        while (j < n && isAlnumCode(s.charCodeAt(j))) j++;
        this.term(s.slice(i, j));
        i = j;
      } else if (c === 0x3014) {
        const end = documentNumberEnd(s, i);
        if (end < 0) {
          i++;
          continue;
        }
        this.term(s.slice(i, end));
        this.term(s.slice(i + 1, i + 5));
        this.term(s.slice(i + 6, end - 1));
        // The number's 号 is a piece of it for the tokenizer, and the start of a Han run for the lexicon.
        let j = end;
        while (j < n && isHanCode(s.charCodeAt(j))) j++;
        if (j > end) this.program.push(this.runId(s.slice(end, j)));
        if (!piecesOnly) this.lexiconRuns.push(this.runId(s.slice(end - 1, j)));
        i = j;
      } else {
        i++;
      }
    }
  }
}

/** The id of `key` in a table of distinct strings (its index in `list`), added when new. */
export function intern(ids: Map<string, number>, list: string[], key: string): number {
  let id = ids.get(key);
  if (id === undefined) {
    id = list.length;
    ids.set(key, id);
    list.push(key);
  }
  return id;
}
