// A batch line over the documented limit (1 MiB, BATCH_LINE_LIMIT) is a reported bad row with
// its line number; the batch goes on, the summary counts it, and memory stays bounded (the
// line is never held whole). The input is generated: a 20 MB single line between good rows.
import { describe, expect, it } from 'vitest';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BIN, runCli } from '../helpers/cli.js';
import { BATCH_LINE_LIMIT, LineSplitter } from '../../src/profile/batch.js';
import { tempDir } from '../helpers/temp.js';

const GOOD = '{"name":"甲","region":"杭州"}';

/** A JSON Lines file: a good row, a valid 20 MB profile on one line, a good row (optionally without a final newline after a long last line). */
function bigBatch(ext: 'jsonl' | 'csv'): string {
  const dir = tempDir('hb-longline-');
  const path = join(dir, `big.${ext}`);
  const fd = openSync(path, 'w');
  const chunk = '乙'.repeat(1 << 20); // 3 MiB of UTF-8
  if (ext === 'jsonl') {
    writeSync(fd, GOOD + '\n{"name":"');
    for (let i = 0; i < 7; i++) writeSync(fd, chunk);
    writeSync(fd, '"}\n' + GOOD + '\n');
  } else {
    writeSync(fd, 'name,region\n甲,杭州\n"');
    for (let i = 0; i < 7; i++) writeSync(fd, chunk);
    writeSync(fd, '",杭州\n乙,宁波\n');
  }
  closeSync(fd);
  return path;
}

describe('check --batch: a line over 1 MiB', () => {
  it('JSON Lines file: a bad row at its line, the rows around it decided, the summary says so', () => {
    // Ensure a 20 MB line is refused by its length (not parsed), and the batch goes on.
    const path = bigBatch('jsonl');
    const r = runCli(['check', '--batch', path, '--on', '2026-11-30'], { timeoutMs: 60_000 });
    expect(r.code).toBe(1);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { line: number; results?: unknown[]; errors?: { code: string }[] });
    expect(rows.map((row) => row.line)).toEqual([1, 2, 3]);
    expect(rows[0]!.results).toBeDefined();
    expect(rows[1]!.errors!.map((e) => e.code)).toEqual(['batch/line-too-long']);
    expect(rows[2]!.results).toBeDefined();
    expect(r.stderr).toMatch(/big\.jsonl:2: error 第 2 行超过 1 MiB 的长度上限，未读取 \[batch\/line-too-long\]/);
    expect(r.stderr).toMatch(/共 3 家企业：已判断 2 家，1 行有错误/);
    expect(r.stdout.length).toBeLessThan(100_000); // nothing of the long line is echoed back
  });

  it('CSV from standard input: the record on the long line is bad, the next one read', () => {
    // Ensure the same through a stream (chunks of standard input) and the CSV reader.
    const path = bigBatch('csv');
    const r = spawnSync(process.execPath, [BIN, 'check', '--batch', '-', '--on', '2026-11-30'], {
      input: readFileSync(path),
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      maxBuffer: 1 << 26,
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/-:3: error 第 3 行超过 1 MiB 的长度上限，未读取 \[batch\/line-too-long\]/);
    expect(r.stderr).toMatch(/共 3 家企业：已判断 2 家，1 行有错误/);
    const lines = r.stdout.trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).line)).toEqual([2, 3, 4]);
  });

  it('memory stays bounded: peak RSS well under the size of the line', () => {
    // Ensure the long line is never built as a string (a 20 MB line as UTF-16 is 14 MB, plus its bytes and parse).
    if (!existsSync('/usr/bin/time')) return;
    const path = bigBatch('jsonl');
    const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, 'check', '--batch', path, '--on', '2026-11-30'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const kb = Number(r.stderr.trim().split('\n').pop());
    expect(kb).toBeGreaterThan(0);
    expect(kb / 1024).toBeLessThan(110);
  });

  it('LineSplitter drops a long line as it comes, and keeps the lines after it', () => {
    // Ensure the splitter's buffer never grows much past the limit, whatever the line's length.
    const lines = new LineSplitter(1 << 10, 4096);
    lines.push(Buffer.from('a\n'));
    expect(lines.next()).toBe('a');
    for (let i = 0; i < 1000; i++) {
      lines.push(Buffer.alloc(1000, 0x78));
      expect(lines.next()).toBeUndefined();
      expect(lines.room().length).toBeLessThan(4 * 4096);
    }
    lines.push(Buffer.from('x\nb\n'));
    expect(lines.next()).toBe('');
    expect(lines.tooLong).toBe(true);
    expect(lines.next()).toBe('b');
    expect(lines.tooLong).toBe(false);
    expect(BATCH_LINE_LIMIT).toBe(1024 * 1024);
  });
});
