// Shared by the booklet tests: renders through the real CLI into a temporary folder.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliResult } from '../helpers/cli.js';
import { tempDir as madeTempDir } from '../helpers/temp.js';

export const HOSTILE = join(import.meta.dirname, 'fixtures', 'hostile');

export function tempDir(): string {
  return madeTempDir('handbook-render-');
}

/** `handbook render` with args; the compiled output goes to a temp folder so nothing is shared. */
export function render(args: string[], env: Record<string, string | undefined> = {}): CliResult & { dir: string } {
  const dir = tempDir();
  const r = runCli(['render', '--out', join(dir, '.handbook'), ...args.map((a) => a.replaceAll('$TMP', dir))], { env: { CI: 'true', ...env } });
  return { ...r, dir };
}

export function read(path: string): string {
  return readFileSync(path, 'utf8');
}
