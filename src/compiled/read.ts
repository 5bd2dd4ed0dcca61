//! Reading a compiled file by its directory: the sources' hashes and the handbook's small
//! parts at once, each policy's text and the search index's shards when first used. No file
//! descriptor stays open between reads: each read opens the file, checks that it is still
//! the file the directory was read from, reads its span and closes it.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Handbook } from '../model/index.js';
import { withShards, type PostingShards } from '../search-index/shards.js';
import type { Directory, SourceHash, Span } from './format.js';
import { crc32, hex8 } from './checksum.js';

/**
 * A compiled file that cannot be read as it was written: a part whose bytes do not match
 * its checksum, a file shorter than its directory says, or a file replaced while it was read.
 * Its message is for the user, in Chinese, and says what to run. A load that meets it
 * recompiles from the sources (compiled/index.ts); a later read (a policy's text, a search
 * shard) ends the command with this message (src/cli/fatal.ts).
 */
export class CompiledFileError extends Error {
  override name = 'CompiledFileError';
  constructor(
    message: string,
    readonly code: 'compiled/corrupt' | 'compiled/changed',
  ) {
    super(message);
  }
}

/** What identifies the file a directory was read from: a rewrite (a new build renames a new file in) changes it. */
function identity(st: { dev: number; ino: number; size: number; mtimeMs: number }): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
}

/**
 * A compiled file to read spans of. While the handbook is being loaded the file stays open;
 * `close()` ends that, and each later read (a policy's text, a shard) opens the file, checks
 * that it is still the same file, reads and closes it: nothing stays open after a load.
 */
class CompiledReader {
  private fd: number | undefined;
  readonly size: number;
  private readonly id: string;
  constructor(private readonly path: string) {
    this.fd = openSync(path, 'r');
    try {
      const st = fstatSync(this.fd);
      this.size = st.size;
      this.id = identity(st);
    } catch (e) {
      this.close();
      throw e;
    }
  }
  private withFile<T>(read: (fd: number) => T): T {
    if (this.fd !== undefined) return read(this.fd);
    const fd = openSync(this.path, 'r');
    try {
      if (identity(fstatSync(fd)) !== this.id) throw new CompiledFileError(`编译产物 ${this.path} 在读取期间被改写，请重新运行命令`, 'compiled/changed');
      return read(fd);
    } finally {
      closeSync(fd);
    }
  }
  /** The bytes at [offset, offset + length), as read (no check: the header and the file's end). */
  bytes(offset: number, length: number): Buffer {
    return this.withFile((fd) => {
      const buf = Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        const n = readSync(fd, buf, done, length - done, offset + done);
        if (n === 0) throw this.corrupt(`在字节 ${offset + done} 处提前结束`);
        done += n;
      }
      return buf;
    });
  }
  /** A part's text, checked against the CRC-32 of its span. */
  text([offset, length, checksum]: Span): string {
    const buf = this.bytes(offset, length);
    if (crc32(buf) !== checksum) throw this.corrupt(`字节 ${offset}–${offset + length} 的校验和不符（应为 ${hex8(checksum)}，实为 ${hex8(crc32(buf))}）`);
    return buf.toString('utf8');
  }
  json<T>(span: Span): T {
    return JSON.parse(this.text(span)) as T;
  }
  corrupt(what: string): CompiledFileError {
    return new CompiledFileError(`编译产物 ${this.path} 已损坏：${what}。请运行 handbook build 重新编译`, 'compiled/corrupt');
  }
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

export interface OpenedCompiled {
  schemaVersion: unknown;
  format: unknown;
  sources: SourceHash[];
  /** The handbook with each policy's text read on first use. */
  handbook: () => Handbook;
  artefacts: () => Record<string, unknown>;
  /** Ends the load: later lazy reads open the file each time. */
  close(): void;
}

/**
 * Opens a compiled file by its directory, or returns undefined when it has none (another
 * version, or not a compiled handbook): the caller then parses it whole.
 */
export function openCompiled(path: string): OpenedCompiled | undefined {
  const reader = new CompiledReader(path);
  try {
    return openByDirectory(reader);
  } catch (e) {
    reader.close();
    throw e;
  }
}

function openByDirectory(reader: CompiledReader): OpenedCompiled | undefined {
  const start = reader.bytes(0, Math.min(reader.size, 200)).toString('utf8');
  const m = /^\{"format":("[^"]*"),"schemaVersion":(\d+),"directory":"(\d{12}),(\d{12}),([0-9a-f]{8})"/.exec(start);
  // The directory must end the file exactly: a file rewritten by other means (edited, or
  // re-serialised without it) is then read whole instead of by stale offsets.
  if (!m || Number(m[3]) + Number(m[4]) + 2 !== reader.size || reader.bytes(reader.size - 2, 2).toString('utf8') !== '}\n') {
    reader.close();
    return undefined;
  }
  const dir = reader.json<Directory>([Number(m[3]), Number(m[4]), parseInt(m[5]!, 16)]);
  return {
    format: JSON.parse(m[1]!),
    schemaVersion: Number(m[2]),
    sources: reader.json<SourceHash[]>(dir.sources),
    handbook: () => ({
      meta: reader.json(dir.meta),
      facts: reader.json(dir.facts),
      derived: reader.json(dir.derived),
      synonyms: reader.json(dir.synonyms),
      policies: dir.policies.map((p) => lazyPolicy(reader, p)),
    }),
    artefacts: () => {
      const out: Record<string, unknown> = {};
      for (const [name, span] of Object.entries(dir.artefacts)) out[name] = reader.json(span);
      const s = dir.search;
      if (s) {
        const index = JSON.parse(`{${reader.text(s.head)}}`) as Record<string, unknown>;
        const shards: PostingShards = { first: s.first, text: (k: number) => reader.text(s.shards[k]!) };
        out['search'] = withShards({ version: reader.json(s.version), options: reader.json(s.options), lexicon: reader.json(s.lexicon), index }, shards);
      }
      return out;
    },
    close: () => reader.close(),
  };
}

/** A policy whose small fields are at hand and whose text fields are read on first use. */
function lazyPolicy(reader: CompiledReader, entry: Directory['policies'][number]): Handbook['policies'][number] {
  let full: Record<string, unknown> | undefined;
  const load = () => (full ??= reader.json<Record<string, unknown>>(entry.span));
  const p: Record<string, unknown> = {};
  for (const key of entry.keys) {
    if (key in entry.light) p[key] = entry.light[key];
    else
      Object.defineProperty(p, key, {
        enumerable: true,
        configurable: true,
        get: () => load()[key],
        set: (v: unknown) => Object.defineProperty(p, key, { value: v, enumerable: true, writable: true, configurable: true }),
      });
  }
  return p as unknown as Handbook['policies'][number];
}
