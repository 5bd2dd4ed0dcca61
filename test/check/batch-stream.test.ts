// The pieces `check --batch` streams through: LineSplitter must cut lines at LF only (a CR
// before it dropped, a lone CR kept: it is not a line break), however the bytes arrive in
// chunks, and flag bytes that are not UTF-8; JsonLines.encode must write the same bytes as
// JsonLines.line.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CsvMatrix, JsonLines, LineSplitter, type BatchRow } from '../../src/profile/batch.js';
import { statusChecker } from '../../src/eligibility/check.js';
import { compileDir } from '../../src/validate/index.js';
import type { Handbook, Profile } from '../../src/model/index.js';

/** The reference: the text split at LF, one CR before each LF dropped, an empty last line left out. */
async function readlineLines(chunks: Buffer[]): Promise<string[]> {
  const text = Buffer.concat(chunks).toString('utf8');
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The lines LineSplitter gives, fed chunk by chunk through push() or room()/filled(). */
function splitterLines(chunks: Buffer[], size: number, viaRoom: boolean): string[] {
  const s = new LineSplitter(size);
  const lines: string[] = [];
  const drain = (): void => {
    for (let l = s.next(); l !== undefined; l = s.next()) lines.push(l);
  };
  for (const chunk of chunks) {
    if (viaRoom) {
      let from = 0;
      while (from < chunk.length) {
        const room = s.room();
        const n = Math.min(room.length, chunk.length - from);
        chunk.copy(room, 0, from, from + n);
        s.filled(n);
        from += n;
        drain();
      }
    } else {
      s.push(chunk);
      drain();
    }
  }
  const last = s.last();
  if (last !== undefined) lines.push(last);
  return lines;
}

/** Cuts bytes into chunks at the given offsets (possibly inside a UTF-8 character or a CRLF). */
function cut(bytes: Buffer, at: number[]): Buffer[] {
  const points = [...new Set(at.map((a) => a % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    if (p > from) chunks.push(bytes.subarray(from, p));
    from = Math.max(from, p);
  }
  return chunks;
}

const CASES: [string, string][] = [
  ['LF', 'a,b\n1,2\n'],
  ['CRLF', 'a,b\r\n1,2\r\n'],
  ['lone CR', 'a\rb\r\rc'],
  ['last line without ending', 'a\nb'],
  ['empty lines', '\n\n\na\n\n'],
  ['CR then LF as separate chunks', 'x\r'],
  ['only an ending', '\r\n'],
  ['empty input', ''],
  ['BOM and Chinese', '\uFEFFname,size\n企业一,小型\n'],
];

describe('LineSplitter', () => {
  // Ensure each listed input gives the reference's lines, in one chunk and byte by byte.
  it.each(CASES)('cuts at LF: %s', async (_name, text) => {
    const bytes = Buffer.from(text);
    const byteByByte = [...bytes].map((b) => Buffer.from([b]));
    expect(splitterLines([bytes], 16, false)).toEqual(await readlineLines([bytes]));
    expect(splitterLines(byteByByte, 16, true)).toEqual(await readlineLines(byteByByte));
  });

  // Ensure any text over CR, LF, commas, quotes and multi-byte characters, cut into any chunks, gives the reference's lines.
  it('agrees with the reference on random text and chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('a', 'b', '中', '😀', ',', '"', '\r', '\n', '\r\n', ' '), { maxLength: 80 }),
        fc.array(fc.nat(400), { maxLength: 8 }),
        fc.constantFrom(4, 16, 64),
        fc.boolean(),
        async (parts, at, size, viaRoom) => {
          const bytes = Buffer.from(parts.join(''));
          const chunks = cut(bytes, at);
          expect(splitterLines(chunks, size, viaRoom)).toEqual(await readlineLines(chunks));
        },
      ),
      { numRuns: 300 },
    );
  });

  // Ensure a line with bytes that are not UTF-8 is flagged at its column, and a real U+FFFD is not.
  it('flags bytes that are not UTF-8, by column', () => {
    const s = new LineSplitter(16);
    s.push(Buffer.concat([Buffer.from('甲,'), Buffer.from([0xba, 0xbc]), Buffer.from('\n\uFFFD,乙\nok\n')]));
    expect([s.next(), s.badByte]).toEqual(['甲,\uFFFD\uFFFD', 3]);
    expect([s.next(), s.badByte]).toEqual(['\uFFFD,乙', 0]);
    expect([s.next(), s.badByte]).toEqual(['ok', 0]);
  });

  // Ensure a line longer than the buffer comes out whole (the buffer grows).
  it('keeps a line longer than its buffer', () => {
    const long = '企'.repeat(1000);
    expect(splitterLines([Buffer.from(`${long}\nx\n`)], 16, true)).toEqual([long, 'x']);
  });
});

const handbook = compileDir(fileURLToPath(new URL('../../policies/', import.meta.url))).handbook as Handbook;

describe('JsonLines.encode and CsvMatrix.encode', () => {
  const decide = statusChecker(handbook, { on: '2026-11-30' });
  const json = new JsonLines();
  const matrix = new CsvMatrix(handbook);
  const profile = fc.record(
    {
      investor_origin: fc.constantFrom('省外浙商', '境外浙商', '省内企业', '其他'),
      paid_in_wan: fc.constantFrom(0, 500, 3000, 10000, 50000),
      needs_land: fc.boolean(),
      headquarters: fc.constantFrom('否', '区域总部', '总部'),
      size: fc.constantFrom('大型', '中型', '小型', '微型'),
    },
    { requiredKeys: [] },
  ) as fc.Arbitrary<Profile>;

  // Ensure encode writes line()'s / row()'s bytes for good and bad rows, any name and line number, and refuses (-1) a buffer too small.
  it('writes the same bytes as line', () => {
    fc.assert(
      fc.property(profile, fc.option(fc.string({ unit: 'grapheme' }), { nil: undefined }), fc.nat(3_000_000), fc.boolean(), (p, name, line, bad) => {
        const row: BatchRow = { line, profile: p, issues: bad ? [{ severity: 'error', code: 'profile/type', field: 'paid_in_wan', message: '应为数字，实际为 "一万"', line }] : [], ...(name !== undefined ? { name } : {}) };
        const result = bad ? undefined : decide(p);
        for (const [text, encode] of [
          [json.line(row, result), json.encode.bind(json)],
          [matrix.row(row, result), matrix.encode.bind(matrix)],
        ] as const) {
          const expected = Buffer.from(text);
          const buf = Buffer.alloc(expected.length + 100);
          const end = encode(row, result, buf, 7);
          expect(buf.subarray(7, end)).toEqual(expected);
          expect(encode(row, result, Buffer.alloc(expected.length - 1), 0)).toBe(-1);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('one shape for every batch profile', () => {
  // Ensure rows with different known facts still share one hidden class, CSV and JSON Lines
  // alike (else V8 keeps making and collecting shapes along a long file and memory grows).
  // Checked by V8 itself (%HaveSameMap) in a child process started with --allow-natives-syntax.
  it('CSV rows and JSON Lines rows with other keys have the same map', () => {
    const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
    const policies = fileURLToPath(new URL('../../policies/', import.meta.url));
    const script = `
      const { BatchReader } = await import(${JSON.stringify(dist + 'profile/batch.js')});
      const { profileSpec } = await import(${JSON.stringify(dist + 'profile/values.js')});
      const { compileDir } = await import(${JSON.stringify(dist + 'validate/index.js')});
      const { handbook } = compileDir(${JSON.stringify(policies)});
      const spec = profileSpec(handbook.facts, handbook.derived);
      const json = new BatchReader('jsonl', spec, 'p.jsonl');
      const a = json.push('{"size":"小型","region":"杭州"}', 1).profile;
      const b = json.push('{"high_tech":true}', 2).profile;
      const c = json.push('{"region":"宁波","size":"中型","talent":"无"}', 3).profile;
      const csv = new BatchReader('csv', spec, 'p.csv');
      csv.push('name,size,region,high_tech', 1);
      const d = csv.push('甲,小型,,true', 2).profile;
      const e = csv.push('乙,,杭州,', 3).profile;
      console.log(JSON.stringify([%HaveSameMap(a, b), %HaveSameMap(a, c), %HaveSameMap(d, e), a.size, b.high_tech, c.talent]));
    `;
    const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([true, true, true, '小型', true, '无']);
  });
});
