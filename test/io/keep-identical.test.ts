// An atomic write with keepIdentical leaves a file that already holds the same bytes alone
// (same inode, so a reader in another process is undisturbed) and replaces one that differs.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { writeAll, writeAtomically } from '../../src/io/write.js';

const dir = mkdtempSync(join(tmpdir(), 'hb-keep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (path: string, text: string, keepIdentical: boolean) => writeAtomically(path, (fd) => writeAll(fd, Buffer.from(text)), { keepIdentical });

describe('writeAtomically keepIdentical', () => {
  const cases: { name: string; before: string; after: string; keep: boolean; sameInode: boolean }[] = [
    { name: 'same bytes, kept', before: 'x'.repeat(200_000), after: 'x'.repeat(200_000), keep: true, sameInode: true },
    { name: 'same size, one byte differs at the end, replaced', before: 'x'.repeat(200_000) + 'a', after: 'x'.repeat(200_000) + 'b', keep: true, sameInode: false },
    { name: 'other size, replaced', before: 'abc', after: 'abcd', keep: true, sameInode: false },
    { name: 'same bytes without the option, replaced', before: 'abc', after: 'abc', keep: false, sameInode: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      // Ensure only identical bytes keep the file, and the content is always the new one.
      const path = join(dir, `${c.name}.txt`);
      writeFileSync(path, c.before);
      const ino = statSync(path).ino;
      write(path, c.after, c.keep);
      expect(readFileSync(path, 'utf8')).toBe(c.after);
      expect(statSync(path).ino === ino).toBe(c.sameInode);
      expect(readFileSync(path, 'utf8').length).toBe(c.after.length);
    });
  }
});
