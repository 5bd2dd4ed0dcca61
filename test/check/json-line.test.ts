// readFlatJsonObject (src/profile/json-line.ts) reads JSON Lines profiles without JSON.parse.
// It must give exactly what JSON.parse gives for every flat object it accepts, decline
// (undefined) everything else, and never accept text JSON.parse rejects.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFlatJsonObject } from '../../src/profile/json-line.js';

/** What JSON.parse makes of a text: its value, or 'throws'. */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return 'throws';
  }
}

/** Numbers as profiles write them: plain decimals (JSON.stringify of these never has an exponent). */
const decimal = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !/[eE]/.test(JSON.stringify(n)));
const scalar = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), decimal, fc.integer(), fc.boolean(), fc.constant(null));
const space = fc.constantFrom('', ' ', '\t', '\n', '\r\n ');

describe('readFlatJsonObject', () => {
  // Ensure a flat object, however spaced and whatever its strings hold (escapes, surrogates, CJK), reads as JSON.parse reads it.
  it('reads every flat object as JSON.parse does', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string().filter((k) => k !== '__proto__'), scalar), { maxLength: 8 }), space, space, (pairs, a, b) => {
        const text = `${a}{${pairs.map(([k, v]) => `${a}${JSON.stringify(k)}${b}:${a}${JSON.stringify(v)}${b}`).join(',')}}${b}`;
        const flat = readFlatJsonObject(text);
        expect(flat).toBeDefined();
        expect({ ...flat!.value }).toEqual(JSON.parse(text));
        const keys = pairs.map(([k]) => k);
        const repeated = keys.find((k, i) => keys.indexOf(k) < i);
        expect(flat!.repeated).toBe(repeated);
      }),
      { numRuns: 2000 },
    );
  });

  // Ensure any other text is either declined or read exactly as JSON.parse reads it (never accepted when JSON.parse throws).
  it('declines what it does not read exactly', () => {
    const texts = fc.oneof(
      fc.string(),
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.constantFrom('{"a":1,}', '{"a":01}', '{"a":1.}', '{"a":.5}', '{"a":+1}', '{"a":tru}', '{"a":"x\ny"}', "{'a':1}", '{"a":1} x', '{"a":1}}', '{"a" 1}', '{"a":[1]}', '{"a":{"b":1}}', '{"__proto__":1}', '{"a":"\\x"}', ' {} ', '{'),
    );
    fc.assert(
      fc.property(texts, (text) => {
        const flat = readFlatJsonObject(text);
        if (flat === undefined) return;
        expect({ ...flat.value }).toEqual(parsed(text));
      }),
      { numRuns: 3000 },
    );
  });

  // Ensure a number with an exponent is declined, so the strict parser refuses it with the CSV message.
  it('declines numbers with an exponent', () => {
    for (const n of ['1e5', '1E5', '1.5e-3', '-2e+2']) expect(readFlatJsonObject(`{"a":${n}}`)).toBeUndefined();
    expect(readFlatJsonObject('{"a":-12.5}')?.value.a).toBe(-12.5);
  });

  // Ensure a repeated key keeps the last value (as JSON.parse) and is reported, and nested values are declined.
  it('reports a repeated key and declines nested values', () => {
    expect(readFlatJsonObject('{"size":"小型", "region":"杭州","size":"大型"}')).toEqual({ value: expect.objectContaining({ size: '大型', region: '杭州' }), repeated: 'size' });
    expect(readFlatJsonObject('{"a":"\\u0073","\\u0061":2}')?.repeated).toBe('a');
    expect(readFlatJsonObject('{"a":[1]}')).toBeUndefined();
    expect(readFlatJsonObject('[1]')).toBeUndefined();
  });
});
