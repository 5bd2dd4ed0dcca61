// The one terminal sanitiser (src/words/terminal-text.ts): what each control character is
// shown as, JSON escaping of C1 and bidi controls, and a fast-check property that feeds random
// control characters through every text formatter of the CLI (show, list, the check report,
// --explain, search results, diagnostics) with colour on: the only escape in the output is
// our own SGR colour, and the data's own escapes are shown, never obeyed.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Chalk } from 'chalk';
import { fileURLToPath } from 'node:url';
import { compileDir } from '../../src/validate/index.js';
import { check } from '../../src/eligibility/check.js';
import type { Handbook } from '../../src/model/index.js';
import type { SearchResponse } from '../../src/search-index/index.js';
import { formatDiagnostic } from '../../src/diagnostics/index.js';
import { forTerminal, jsonText, shown, shownText, terminalSafe } from '../../src/words/terminal-text.js';
import { allIds, findById, formatList, formatShow } from '../../src/cli/show-text.js';
import { renderExplanation, renderReport } from '../../src/cli/report-text.js';
import { formatResults, highlight } from '../../src/cli/search-output.js';
import { rowName } from '../../src/cli/live.js';

const MINI = fileURLToPath(new URL('../check/fixtures/mini/', import.meta.url));
const base = compileDir(MINI).handbook!;
const colour = new Chalk({ level: 1 });

/** A raw control character, C1, bidi control or line separator anywhere; ESC only when it does not start an SGR. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]|\x1b(?!\[[0-9;]*m)/;
/** The data's own escapes, obeyed: what must never appear. */
const DATA_SGR = /\x1b\[7m/;

const CONTROLS = [...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)), '\x7f', ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(0x80 + i)), '\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u2028', '\u2029'];
const hostile = fc.string({ unit: fc.oneof(fc.constantFrom(...CONTROLS), fc.constantFrom('\x1b[7m', '\x1b]0;t\x07', '\x1b]8;;http://x\x1b\\', '\x1b[2J'), fc.constantFrom('奖', '励', 'a', ' ', '，')), maxLength: 12 });

/** Keys whose strings are shown to a reader (ids stay, so lookups still work). */
const SHOWN_KEYS = new Set(['title', 'label', 'markdown', 'text', 'intro', 'preamble', 'grants', 'question', 'issuer', 'number', 'trueText', 'falseText', 'unit', 'tags', 'description', 'publisher', 'version']);

/** A copy of the handbook with `evil` inserted into every string a reader sees. */
function poisoned(h: Handbook, evil: string): Handbook {
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') return SHOWN_KEYS.has(key) ? v.slice(0, 2) + evil + v.slice(2) : v;
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(h, '') as Handbook;
}

function expectClean(text: string, what: string): void {
  const m = RAW_CONTROL.exec(text);
  expect(m, `${what}: raw U+${m?.[0].codePointAt(0)!.toString(16)} at ${m?.index}`).toBeNull();
  expect(text, what).not.toMatch(DATA_SGR);
}

describe('the sanitiser', () => {
  // Ensure each kind of control is shown visibly, and what is layout in a body is kept.
  it('shows controls visibly', () => {
    expect(shown('a\x1b]0;t\x07b')).toBe('a\\x1b]0;t\\x07b');
    expect(shown('a\rb\nc\td')).toBe('a\\rb\\nc\\td');
    expect(shown('\u202Eabc\u2066\u200f\u061c')).toBe('⟨U+202E⟩abc⟨U+2066⟩⟨U+200F⟩⟨U+061C⟩');
    expect(shown('\u009b31m\x7f')).toBe('\\x9b31m\\x7f');
    expect(shown('用地指标')).toBe('用地指标');
    expect(shownText('一\n二\t三\r四\x1b[2J')).toBe('一\n二\t三\\r四\\x1b[2J');
  });

  // Ensure the final check keeps our SGR colour and shows any other escape.
  it('keeps only SGR colour in final text', () => {
    expect(terminalSafe('\x1b[1m粗\x1b[22m\n\x1b]0;t\x07\x1b[2J')).toBe('\x1b[1m粗\x1b[22m\n\\x1b]0;t\\x07\\x1b[2J');
  });

  // Ensure JSON text escapes DEL, C1 and bidi controls and still parses to the same string.
  it('escapes C1 and bidi controls in JSON', () => {
    const value = { s: 'a\u009b31m\u202E\u2066\x7f\u2028b\x1b' };
    const text = jsonText(JSON.stringify(value));
    expect(text).toBe('{"s":"a\\u009b31m\\u202e\\u2066\\u007f\\u2028b\\u001b"}');
    expect(JSON.parse(text)).toEqual(value);
  });

  // Ensure the view copy of plain data is made safe everywhere and keeps Markdown's line breaks.
  it('makes a safe copy for the views', () => {
    const copy = forTerminal({ title: 'a\nb\x1b', markdown: 'x\ny\x1b', list: ['\u202E'] });
    expect(copy).toEqual({ title: 'a\\nb\\x1b', markdown: 'x\ny\\x1b', list: ['⟨U+202E⟩'] });
  });
});

describe('every text formatter shows random control characters visibly', () => {
  // Ensure show, list, the check report, --explain, search results and diagnostics never pass a control on.
  it('holds for random controls in every field a reader sees', () => {
    fc.assert(
      fc.property(hostile, hostile, (evil, name) => {
        const h = poisoned(base, evil);
        for (const id of allIds(h)) expectClean(formatShow(h, findById(h, id)!, colour), `show ${id}`);
        expectClean(formatList(h, colour), 'list');
        const profile = { investor_origin: '省外浙商', paid_in_wan: 20000 };
        const result = check(h, profile, { on: '2026-11-30' });
        expectClean(renderReport(h, result.decisions, result.summary, { on: '2026-11-30', name, profile }, colour), 'report');
        for (const d of result.decisions) expectClean(renderExplanation(h, profile, result, d.id, colour) ?? '', `explain ${d.id}`);
        const snippet = `奖励${evil}奖励`;
        const hit = { policy: 'reward', clause: 'reward.1.1', title: h.policies[0]!.title, clauseNumber: `一${evil}`, clauseTitle: evil, score: 1, snippet, highlights: [[0, 2], [snippet.length - 2, snippet.length]] as [number, number][], provisions: [evil], provenance: 'illustrative' as const };
        const response = { query: evil, normalized: evil, terms: [evil], alsoSearched: [evil], results: [hit], suggestions: { terms: [evil], policies: [{ id: 'reward', title: evil }] } } as unknown as SearchResponse;
        expectClean(formatResults(response, colour), 'search');
        expectClean(formatResults({ ...response, results: [] }, colour), 'search, nothing found');
        expectClean(highlight(hit, colour), 'live search snippet');
        expectClean(rowName(hit, 60), 'live search row');
        const line = formatDiagnostic({ severity: 'error', code: 'front-matter/unknown-field', message: `未知字段 "${evil}"`, file: `a${evil}.md`, line: 1, column: 1 });
        expectClean(colour.red(shownText(line)), 'diagnostic');
        expectClean(colour.red(shownText(formatDiagnostic({ severity: 'error', file: `p${evil}.csv`, line: 2, field: name, code: 'profile/value', message: evil } as never))), 'profile issue');
      }),
      { numRuns: 60 },
    );
  });
});
