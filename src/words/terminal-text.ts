//! The one sanitiser for text shown on a terminal, and for JSON that may be. Every string
//! that comes from a file, a profile, an argument or a parser passes through `shown` (one
//! line) or `shownText` (a body with its own line breaks) before it is coloured and printed,
//! so a policy title, a fact label, a profile value or a file name can never move the cursor,
//! clear the screen, set the window title, open a hyperlink or reorder what follows it:
//! - C0 controls, DEL and C1 controls are shown as `\x1b`, `\x9b` …, and `\r`, `\n`, `\t` as
//!   `\r`, `\n`, `\t` (`shownText` keeps `\n` and `\t`, which are its layout);
//! - bidi embeddings, overrides, isolates and marks (U+202A–202E, U+2066–2069, U+200E/F,
//!   U+061C) and the Unicode line/paragraph separators are shown as `⟨U+202E⟩`.
//! `terminalSafe` checks final text (ours, coloured): only SGR colour `\x1b[…m` passes.
//! `jsonText` is for `--json` and JSON Lines: JSON.stringify escapes C0 controls only; this
//! escapes DEL, C1 and the bidi controls as well (`\u009b`), so `jq` on a terminal is safe.
//! Pure (no I/O): the CLI's writers (src/cli/terminal-text.ts) and the library's JSON Lines
//! writer (src/profile/batch.ts) use it.

/** Every character a terminal must never receive raw: C0, DEL, C1, the bidi controls, LS and PS. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');
/** The same, but keeping the line breaks and tabs of a body of text. */
const UNSAFE_IN_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
/** In final text: our own SGR sequences are kept; every other unsafe character is shown. */
const UNSAFE_IN_FINAL = /\x1b\[[0-9;]*m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** How one unsafe character is shown: `\x1b`, `\r`, `⟨U+202E⟩`. */
function visibleChar(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const cp = ch.codePointAt(0)!;
  if (cp <= 0x9f) return '\\x' + cp.toString(16).padStart(2, '0');
  return `⟨U+${cp.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** A string from outside, as one line of terminal text: every control character shown visibly. */
export function shown(s: string): string {
  return UNSAFE.test(s) ? s.replace(UNSAFE_ALL, visibleChar) : s;
}

/** A body of text from outside (Markdown, a clause): its `\n` and `\t` kept, every other control shown. */
export function shownText(s: string): string {
  return s.replace(UNSAFE_IN_TEXT, visibleChar);
}

/** Final terminal text (already coloured by us): keeps our SGR colour, `\n` and `\t`; shows anything else. */
export function terminalSafe(s: string): string {
  return s.replace(UNSAFE_IN_FINAL, (m) => (m.length > 1 ? m : visibleChar(m)));
}

/** JSON text for `--json`: DEL, C1 and bidi controls escaped as `\u009b` (JSON.stringify escapes only C0). */
export function jsonText(json: string): string {
  return json.replace(JSON_UNSAFE, (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** Fields whose text is a body with line breaks of its own (Markdown): their `\n` and `\t` are kept. */
const BODY_FIELDS = new Set(['markdown', 'intro', 'preamble', 'body']);
const safeCopies = new WeakMap<object, unknown>();

/**
 * A copy of plain data (a handbook, a policy, a search hit) with every string made safe for a
 * terminal (`shown`; `shownText` for Markdown bodies). For the views only, never for what is
 * checked or searched: the copy is made once per object (cached) and shares nothing that
 * changed. Objects are rebuilt with their own keys (no prototype lookups of a user's names).
 */
export function forTerminal<T>(value: T): T {
  return safeValue(value, false) as T;
}

function safeValue(value: unknown, body: boolean): unknown {
  if (typeof value === 'string') return body ? shownText(value) : shown(value);
  if (value === null || typeof value !== 'object') return value;
  const cached = safeCopies.get(value);
  if (cached !== undefined) return cached;
  let copy: unknown;
  if (Array.isArray(value)) copy = value.map((v) => safeValue(v, body));
  else if (value instanceof Map) copy = new Map([...value].map(([k, v]) => [k, safeValue(v, false)]));
  else {
    const o: Record<string, unknown> = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
    for (const [k, v] of Object.entries(value)) o[k] = safeValue(v, BODY_FIELDS.has(k));
    copy = o;
  }
  safeCopies.set(value, copy);
  return copy;
}
