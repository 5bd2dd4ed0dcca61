// Type-checks a copy of src/ with some text replaced: how the tests prove that a change to a
// union (an operator, a fact type) is a compile error exactly where it must be handled.
import { expect } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ROOT } from './cli.js';

const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

export interface Edit {
  /** A path under src/, e.g. 'model/index.ts'. */
  file: string;
  from: string;
  to: string;
}

/** tsc's exit code and output for a copy of src/ with `edits` made (each must change its file). */
export function typecheckEdited(edits: Edit[]): { code: number | null; out: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'hb-tsc-'));
  try {
    cpSync(join(ROOT, 'src'), join(dir, 'src'), { recursive: true });
    cpSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'));
    cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
    for (const e of edits) {
      const path = join(dir, 'src', e.file);
      const text = readFileSync(path, 'utf8');
      const edited = text.replace(e.from, e.to);
      expect(edited, `${e.file} should contain ${e.from}`).not.toBe(text);
      writeFileSync(path, edited);
    }
    // The packages' types (and @types/node), as in the repository.
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    const r = spawnSync(process.execPath, [TSC, '-p', 'tsconfig.json', '--noEmit'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    const out = `${r.stdout}${r.stderr}`;
    const files = [...new Set([...out.matchAll(/^(src\/[^(:]+)[(:]/gm)].map((m) => m[1]!))].sort();
    return { code: r.status, out, files };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
