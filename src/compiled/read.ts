//! Reading a compiled file by its directory (format.ts): the sources' hashes and the handbook's
//! small parts at once; the policies' small fields when the policies are first listed (or one
//! policy, for a search result), a policy's text when first used, and the search index's parts
//! by offset (search-index/store.ts). No file descriptor stays open between reads: each read —
//! or each query, through `during` — opens the file, checks that it is still the file the
//! directory was read from, reads and closes it.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Handbook } from '../model/index.js';
import { openStoredIndex, type StoredMeta } from '../search-index/store.js';
import { PAGE_BYTES, POLICY_ENTRY, SCHEMA_VERSION, type Directory, type Region, type SourceHash, type Span } from './format.js';
import { decompressTexts, parsePolicyText } from './policy-text.js';
import { crc32, crc32Native, hex8 } from './checksum.js';

/**
 * A compiled file that cannot be read as it was written: a part whose bytes do not match
 * its checksum, a file shorter than its directory says, or a file replaced while it was read.
 * Its message is for the user, in Chinese, and says what to run. A load that meets it
 * recompiles from the sources (compiled/index.ts); a later read (a policy's text, a part of
 * the search index) ends the command with this message (src/cli/fatal.ts).
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
  /** Runs `fn` with the file open (once, for all its reads), closed after. */
  during<T>(fn: () => T): T {
    if (this.fd !== undefined) return fn();
    return this.withFile((fd) => {
      this.fd = fd;
      try {
        return fn();
      } finally {
        this.fd = undefined;
      }
    });
  }
  /** The bytes at [offset, offset + length), as read (no check: the header and the file's end). */
  raw(offset: number, length: number): Buffer {
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
  /** A part's bytes, checked against the CRC-32 of its span. */
  bytes([offset, length, checksum]: Span): Buffer {
    const buf = this.raw(offset, length);
    const actual = crc32(buf);
    if (actual !== checksum) throw this.corrupt(`字节 ${offset}–${offset + length} 的校验和不符（应为 ${hex8(checksum)}，实为 ${hex8(actual)}）`);
    return buf;
  }
  /** Pages of a region already checked (by the region's offset). */
  private readonly checkedPages = new Map<number, Set<number>>();
  /**
   * Bytes [offset, offset + length) of a region, each page they touch checked against its
   * CRC-32 (once per reader): a search reads a few blocks and postings of a large part.
   */
  slice(region: Region, offset: number, length: number): Buffer {
    const [start, size] = region.span;
    if (offset < 0 || length < 0 || offset + length > size) throw this.corrupt(`读取越界（字节 ${start + offset}–${start + offset + length}）`);
    if (length === 0) return Buffer.alloc(0);
    const first = Math.floor(offset / PAGE_BYTES);
    const last = Math.floor((offset + length - 1) / PAGE_BYTES);
    const from = first * PAGE_BYTES;
    const to = Math.min(size, (last + 1) * PAGE_BYTES);
    const buf = this.raw(start + from, to - from);
    let seen = this.checkedPages.get(start);
    if (!seen) this.checkedPages.set(start, (seen = new Set()));
    for (let p = first; p <= last; p++) {
      if (seen.has(p)) continue;
      const page = buf.subarray(p * PAGE_BYTES - from, Math.min(to, (p + 1) * PAGE_BYTES) - from);
      const actual = crc32Native(page);
      if (actual !== region.pages[p]) throw this.corrupt(`字节 ${start + p * PAGE_BYTES} 起的一页校验和不符（应为 ${hex8(region.pages[p] ?? 0)}，实为 ${hex8(actual)}）`);
      seen.add(p);
    }
    return buf.subarray(offset - from, offset - from + length);
  }
  text(span: Span): string {
    return this.bytes(span).toString('utf8');
  }
  corrupt(what: string): CompiledFileError {
    return new CompiledFileError(`编译产物 ${this.path} 已损坏：${what}。请运行 handbook build 重新编译`, 'compiled/corrupt');
  }
  json<T>(span: Span): T {
    return JSON.parse(this.text(span)) as T;
  }
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

export interface OpenedCompiled {
  schemaVersion: unknown;
  format: unknown;
  /** The sources' hashes as recorded (read on first use). */
  readonly sources: SourceHash[];
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
  const start = reader.raw(0, Math.min(reader.size, 200)).toString('utf8');
  const m = /^\{"format":("[^"]*"),"schemaVersion":(\d+),"directory":"(\d{12}),(\d{12})(?:,([0-9a-f]{8}))?"/.exec(start);
  if (!m) {
    reader.close();
    return undefined;
  }
  const format: unknown = JSON.parse(m[1]!);
  const schemaVersion = Number(m[2]);
  // Another version's layout is not read at all: the caller sees the version and recompiles.
  if (schemaVersion !== SCHEMA_VERSION) {
    const none = () => {
      throw new Error(`internal: compiled file of schema version ${schemaVersion} read as ${SCHEMA_VERSION}`);
    };
    return { format, schemaVersion, sources: [], handbook: none, artefacts: none, close: () => reader.close() };
  }
  // The directory must end the file exactly: a file rewritten by other means (edited, or
  // re-serialised without it) is then read whole instead of by stale offsets.
  if (m[5] === undefined || Number(m[3]) + Number(m[4]) + 1 !== reader.size || reader.raw(reader.size - 1, 1).toString('utf8') !== '\n') {
    reader.close();
    return undefined;
  }
  const dir = reader.json<Directory>([Number(m[3]), Number(m[4]), parseInt(m[5], 16)]);
  const table = new PolicyTable(reader, dir.policies);
  let sources: SourceHash[] | undefined;
  return {
    format,
    schemaVersion,
    // Read when asked: a fresh file vouched for by its stat cache never needs the hashes.
    get sources() {
      return (sources ??= reader.json<SourceHash[]>(dir.sources));
    },
    handbook: () => {
      const handbook = {
        meta: reader.json(dir.meta),
        facts: reader.json(dir.facts),
        derived: reader.json(dir.derived),
        synonyms: reader.json(dir.synonyms),
      } as Handbook;
      // The policies are listed when first read (a search reads only its results' policies).
      let policies: Handbook['policies'] | undefined;
      Object.defineProperty(handbook, 'policies', {
        enumerable: true,
        configurable: true,
        get: () => (policies ??= table.all()),
        set: (v: Handbook['policies']) => Object.defineProperty(handbook, 'policies', { value: v, enumerable: true, writable: true, configurable: true }),
      });
      return handbook;
    },
    artefacts: () => {
      const out: Record<string, unknown> = {};
      for (const [name, span] of Object.entries(dir.artefacts)) out[name] = reader.json(span);
      const s = dir.search;
      if (s) {
        out['search'] = openStoredIndex(reader.json<StoredMeta>(s.meta), {
          read: (part, offset, length) => {
            const region = s.parts[part];
            if (!region) throw reader.corrupt(`缺少检索索引部分 ${part}`);
            return reader.slice(region, offset, length);
          },
          size: (part) => s.parts[part]?.span[1] ?? 0,
          during: (fn) => reader.during(fn),
          policy: (k) => table.at(k),
        });
      }
      return out;
    },
    close: () => reader.close(),
  };
}

/** The policies of a compiled file: one by its place (a search result), or all (listing them with one read). */
class PolicyTable {
  private readonly made = new Map<number, Handbook['policies'][number]>();
  /** The last group decompressed (reading the policies in order decompresses each group once). */
  private group: { at: number; json: Buffer } | undefined;
  constructor(
    private readonly reader: CompiledReader,
    private readonly entry: Directory['policies'],
  ) {}
  private spans(k: number): { light: [number, number]; text: [number, number]; inner: [number, number] } {
    const { entry } = this;
    if (!(k >= 0 && k < entry.count)) throw new Error(`internal: no policy ${k} in the compiled file`);
    const bytes = this.reader.slice(entry.index, k * POLICY_ENTRY, POLICY_ENTRY);
    const u = (i: number) => bytes.readUInt32LE(4 * i);
    return { light: [u(0), u(1)], text: [u(2), u(3)], inner: [u(4), u(5)] };
  }
  /** Policy k's text fields: its JSON, sliced from its group decompressed. */
  private texts(text: [number, number], [at, length]: [number, number]): Record<string, unknown> {
    if (this.group?.at !== text[0]) this.group = { at: text[0], json: decompressTexts(this.reader.slice(this.entry.texts, text[0], text[1])) };
    return parsePolicyText(this.group.json.subarray(at, at + length));
  }
  at(k: number, lights?: Buffer): Handbook['policies'][number] {
    let p = this.made.get(k);
    if (!p) {
      const { light, text, inner } = this.spans(k);
      const json = lights ? lights.toString('utf8', light[0], light[0] + light[1]) : this.reader.slice(this.entry.lights, light[0], light[1]).toString('utf8');
      this.made.set(k, (p = lazyPolicy(JSON.parse(json) as [string[], Record<string, unknown>], () => this.texts(text, inner))));
    }
    return p;
  }
  all(): Handbook['policies'] {
    const lights = this.reader.slice(this.entry.lights, 0, this.entry.lights.span[1]);
    return Array.from({ length: this.entry.count }, (_, k) => this.at(k, lights));
  }
}

/** A policy whose small fields are at hand and whose text fields are read on first use. */
function lazyPolicy([keys, light]: [string[], Record<string, unknown>], texts: () => Record<string, unknown>): Handbook['policies'][number] {
  let full: Record<string, unknown> | undefined;
  const load = () => (full ??= texts());
  const p: Record<string, unknown> = {};
  for (const key of keys) {
    if (key in light) p[key] = light[key];
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
