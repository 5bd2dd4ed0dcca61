// A compiled file corrupted anywhere (bytes flipped) is never half-parsed: each part a
// command reads is checked against its CRC-32 (the directory's is in the header), and a
// corrupt one is recompiled from the sources at load (and written back: the clean build's
// bytes) or refused with a Chinese message and [compiled/corrupt] — never a SyntaxError or
// TypeError.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli } from '../helpers/cli.js';
import { crc32, crc32Native, crc32Table } from '../../src/compiled/checksum.js';
import { readCompiled } from '../../src/compiled/index.js';
import { tempDir } from '../helpers/temp.js';

const COMMANDS: string[][] = [
  ['list'],
  ['check', join(ROOT, 'examples', 'partial.yaml'), '--on', '2026-11-30'],
  ['search', '用地指标'],
  ['show', 'land.2.1'],
];

/** Builds the bundled handbook into a new folder; returns the folder and the file's bytes. */
function built(): { out: string; bytes: Buffer } {
  const out = tempDir('hb-corrupt-');
  const r = runCli(['build', '--out', out]);
  expect(r.code).toBe(0);
  return { out, bytes: readFileSync(join(out, 'handbook.json')) };
}

describe('a corrupted compiled file', () => {
  const { out: clean, bytes } = built();
  const expected = COMMANDS.map((args) => runCli([...args, '--out', clean]).stdout);
  // Offsets: in the header's directory checksum, at 10 % … 90 % of the file, and in the directory at its end.
  const offsets = [70, ...[0.1, 0.3, 0.5, 0.7, 0.9].map((f) => Math.floor(bytes.length * f)), bytes.length - 40];

  for (const offset of offsets) {
    it(`bytes flipped at ${offset}: every command answers right or refuses in Chinese, none crashes`, () => {
      // Ensure corruption is detected where it is read: recompiled (the same answer, with a warning) or refused (exit 1, [compiled/corrupt]).
      const out = tempDir('hb-corrupt-');
      cpSync(clean, out, { recursive: true });
      rmSync(join(out, 'sources.stat'), { force: true });
      const broken = Buffer.from(bytes);
      for (let k = 0; k < 4; k++) broken[offset + k]! ^= 0x21;
      writeFileSync(join(out, 'handbook.json'), broken);
      COMMANDS.forEach((args, i) => {
        const r = runCli([...args, '--out', out]);
        expect(r.stderr).not.toMatch(/SyntaxError|TypeError|RangeError|内部错误|internal\/unexpected|at .*\.c?js:\d+/);
        if (r.code === 0) {
          expect(r.stdout).toBe(expected[i]);
        } else {
          expect(r.code).toBe(1);
          expect(r.stderr).toMatch(/^handbook：编译产物 .*handbook\.json 已损坏：.*。请运行 handbook build 重新编译 \[compiled\/corrupt\]$/m);
        }
      });
      // The file is either left as it was (refused) or rebuilt: exactly the clean build's bytes; no temp file is left.
      const now = readFileSync(join(out, 'handbook.json'));
      expect(now.equals(broken) || now.equals(bytes)).toBe(true);
      expect(readdirSync(out).filter((n) => n.includes('handbook-tmp'))).toEqual([]);
    });
  }

  it('a corrupt part read at load (the directory, the sources) is recompiled: the same answer and a warning', () => {
    // Ensure the header's checksum covers the directory: a flipped byte in it means compiling afresh.
    const out = tempDir('hb-corrupt-');
    cpSync(clean, out, { recursive: true });
    const broken = Buffer.from(bytes);
    broken[bytes.length - 40]! ^= 0x01; // inside the directory, the file's last member
    writeFileSync(join(out, 'handbook.json'), broken);
    const r = runCli([...COMMANDS[2]!, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(expected[2]);
    expect(r.stderr).toMatch(/warning 编译产物 .*已损坏：.*；本次已从源文件重新编译并写回 \[compiled\/corrupt\]/);
    // Rebuilt: the next command reads a sound file, the clean build's bytes.
    expect(readFileSync(join(out, 'handbook.json')).equals(bytes)).toBe(true);
    const again = runCli([...COMMANDS[2]!, '--out', out]);
    expect(again.stderr).not.toMatch(/compiled\/corrupt/);
  });

  it('a file of the previous format (no checksums) is recompiled, not trusted', () => {
    // Ensure the schema version moved with the format: an old file is never read unverified.
    const out = tempDir('hb-corrupt-');
    // The previous format's shape: one JSON document (read back whole from the clean file).
    const old = readCompiled(join(clean, 'handbook.json')) as unknown as Record<string, unknown>;
    old.schemaVersion = 1;
    delete old.directory;
    delete old.spans;
    writeFileSync(join(out, 'handbook.json'), JSON.stringify(old));
    const r = runCli([...COMMANDS[3]!, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(expected[3]);
  });
});

describe('CRC-32', () => {
  it('the table and zlib agree (the fast path and its reference)', () => {
    // Ensure the reader's small-part checksum and the writer's native one are the same function.
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300_000 }), (bytes) => {
        expect(crc32Table(bytes)).toBe(zlibCrc32(bytes) >>> 0);
        expect(crc32(bytes)).toBe(crc32Table(bytes));
        expect(crc32Native(bytes)).toBe(crc32Table(bytes));
      }),
      { numRuns: 60 },
    );
    expect(crc32Table(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});
