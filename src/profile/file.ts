//! Reading one profile file: the bytes of a path (or of standard input, `-`), decoded as
//! strict UTF-8, then read as strict JSON (without the YAML parser) or YAML (which
//! locates every problem). In: a path and a ProfileSpec. Out: a ReadProfile whose issues
//! say what is wrong and where; nothing is thrown for a bad or unreadable file.

import { readFileSync } from 'node:fs';
import { PROFILE_FILE_LIMIT, readBounded, readProblemWords } from '../io/read.js';
import { decodeProfile, type ReadProfile } from './fields.js';
import { profileFormat, readJsonProfile } from './json.js';
import type { ProfileSpec } from './values.js';

/**
 * A profile file's text → profile: strict JSON (json.ts, without loading the YAML parser:
 * the fast path of scripts) when profileFormat says so, else YAML, which gives every
 * problem its line and column.
 */
export async function parseProfileSource(text: string, file: string, spec: ProfileSpec): Promise<ReadProfile> {
  if (profileFormat(file, text) === 'json') return readJsonProfile(text, file, spec);
  const { parseProfileText } = await import('./read.js');
  return parseProfileText(text, file, spec);
}

/** A profile file as read: `unread` when it could not be read or decoded at all. */
export interface ProfileFile extends ReadProfile {
  unread?: boolean;
  /** `-` and standard input gave nothing (empty or closed): a usage error, not an empty profile. */
  emptyStdin?: boolean;
}

/**
 * Reads a profile file (`-` = standard input) against a handbook's ProfileSpec.
 *
 * @example
 * const read = await readProfileFile('examples/partial.yaml', profileSpec(handbook.facts, handbook.derived));
 * if (read.issues.length === 0) check(handbook, read.profile, { on: '2026-11-30' });
 */
export async function readProfileFile(path: string, spec: ProfileSpec): Promise<ProfileFile> {
  const file = path;
  let bytes: Buffer;
  if (path === '-') {
    try {
      bytes = readFileSync(0);
    } catch (e) {
      return { profile: {}, unread: true, issues: [{ severity: 'error', code: 'profile/syntax', field: '', message: `无法读取画像文件：${(e as Error).message}`, file }] };
    }
  } else {
    // Only a regular file, at most PROFILE_FILE_LIMIT bytes (a FIFO or /dev/zero is refused at once).
    const read = readBounded(path, PROFILE_FILE_LIMIT);
    if (!read.ok) return { profile: {}, unread: true, issues: [{ severity: 'error', code: 'profile/syntax', field: '', message: `无法读取画像文件：${readProblemWords(read)}`, file }] };
    bytes = read.bytes;
  }
  if (path === '-' && bytes.length === 0) return { profile: {}, unread: true, emptyStdin: true, issues: [] };
  const decoded = decodeProfile(bytes, file);
  if ('issue' in decoded) return { profile: {}, unread: true, issues: [decoded.issue] };
  return parseProfileSource(decoded.text, file, spec);
}
