// Temporary folders for tests, each removed when its test file ends: import tempDir from here
// instead of calling mkdtempSync, so `npm test` leaves nothing in the temp folder.
import { afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A fresh folder in the temp folder (`prefix` + random), removed after the test file's last test. */
export function tempDir(prefix = 'hb-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder tempDir made so far (also called after the file's last test). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // A folder a test made unremovable (a read-only install) is left to the system's temp cleaner.
    }
  }
}

// Top level of a module a test file imports: registered for that file (vitest isolates files).
afterAll(removeTempDirs);
