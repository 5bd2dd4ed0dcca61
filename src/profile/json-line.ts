//! A JSON profile — a JSON Lines row, or a profile file (`check profile.json`) — that is one
//! flat object `{"key": scalar, …}`, read without JSON.parse and in one pass with its
//! repeated keys.
//! Why: V8's JSON.parse internalizes every string value of up to 10 characters, and a
//! company name is usually one (东极海洋装备有限公司 is 10). Each row's name then lands in
//! V8's string table and in the old generation until a full collection, so a long file's
//! peak memory rose with its length (10k/100k/1M rows: 65/73/114 MiB, against a flat 64 for
//! the same profiles as CSV). Values read here are slices of the line, never internalized.
//! In: a line's text. Out: the object (keys in order, a repeated key's last value, as
//! JSON.parse gives) and the first repeated key; or undefined for anything but a flat object
//! of strings, plain-decimal numbers, booleans and nulls — the caller then uses the strict
//! reader (json.ts), which also words the syntax error. test/check/json-line.test.ts compares
//! it with JSON.parse on generated lines.
//! Pure: no I/O.

export interface FlatObject {
  value: Record<string, string | number | boolean | null>;
  /** The first key given twice, if any. */
  repeated?: string;
}

/** A plain decimal (values.ts PLAIN_DECIMAL): anything else, such as `1e5`, is declined. */
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?/y;

function skipSpace(text: string, at: number): number {
  for (;;) {
    const c = text.charCodeAt(at);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) at++;
    else return at;
  }
}

/** The string starting at the quote at `at`: [value, index after it], or undefined. */
function readString(text: string, at: number): [string, number] | undefined {
  let escaped = false;
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      if (!escaped) return [text.slice(at + 1, i), i + 1];
      // Escapes are rare in a profile: JSON.parse decodes them (a bad one: declined).
      try {
        return [JSON.parse(text.slice(at, i + 1)) as string, i + 1];
      } catch {
        return undefined;
      }
    }
    if (c === 0x5c /* \ */) {
      escaped = true;
      i++;
    } else if (c < 0x20) return undefined;
  }
  return undefined;
}

/** Reads a flat JSON object, or returns undefined (see the module's comment). */
export function readFlatJsonObject(text: string): FlatObject | undefined {
  let at = skipSpace(text, 0);
  if (text.charCodeAt(at) !== 0x7b /* { */) return undefined;
  // Without a prototype V8 keeps the object as a dictionary: rows with other keys, or the
  // same keys in another order, do not each make a hidden class.
  const value = Object.create(null) as FlatObject['value'];
  let repeated: string | undefined;
  at = skipSpace(text, at + 1);
  if (text.charCodeAt(at) === 0x7d /* } */) return skipSpace(text, at + 1) === text.length ? { value } : undefined;
  for (;;) {
    if (text.charCodeAt(at) !== 0x22) return undefined;
    const key = readString(text, at);
    if (!key || key[0] === '__proto__') return undefined;
    at = skipSpace(text, key[1]);
    if (text.charCodeAt(at) !== 0x3a /* : */) return undefined;
    at = skipSpace(text, at + 1);
    let v: string | number | boolean | null;
    const c = text.charCodeAt(at);
    if (c === 0x22) {
      const s = readString(text, at);
      if (!s) return undefined;
      [v, at] = s;
    } else if (text.startsWith('true', at)) [v, at] = [true, at + 4];
    else if (text.startsWith('false', at)) [v, at] = [false, at + 5];
    else if (text.startsWith('null', at)) [v, at] = [null, at + 4];
    else {
      NUMBER.lastIndex = at;
      const m = NUMBER.exec(text);
      if (!m) return undefined;
      [v, at] = [Number(m[0]), at + m[0].length];
    }
    if (key[0] in value) repeated ??= key[0];
    value[key[0]] = v;
    at = skipSpace(text, at);
    const next = text.charCodeAt(at);
    if (next === 0x2c /* , */) at = skipSpace(text, at + 1);
    else if (next === 0x7d) return skipSpace(text, at + 1) === text.length ? (repeated === undefined ? { value } : { value, repeated }) : undefined;
    else return undefined;
  }
}
