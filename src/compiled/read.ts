//! Reading a compiled file by its directory (format.ts): the sources' hashes and the handbook's
//! small parts at once; the policies' small fields when the policies are first listed (or one
//! policy, for a search result), a policy's text when first used, and the search index's parts
//! by offset (search-index/store.ts). No file descriptor stays open between reads: each read —
//! or each query, through `during` — opens the file, checks that it is still the file the
//! directory was read from, reads and closes it.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { Handbook } from '../model/index.js';
import { openStoredIndex, type StoredMeta } from '../search-index/store.js';
import { POLICY_ENTRY, SCHEMA_VERSION, type Directory, type SourceHash, type Span } from './format.js';
import { decompressTexts, parsePolicyText } from './policy-text.js';

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
      if (identity(fstatSync(fd)) !== this.id) throw new Error(`编译产物 ${this.path} 在读取期间被改写，请重新运行命令`);
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
  bytes([offset, length]: Span): Buffer {
    return this.withFile((fd) => {
      const buf = Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        const n = readSync(fd, buf, done, length - done, offset + done);
        if (n === 0) throw new Error('编译产物被截断');
        done += n;
      }
      return buf;
    });
  }
  text(span: Span): string {
    return this.bytes(span).toString('utf8');
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
  const start = reader.text([0, Math.min(reader.size, 160)]);
  const m = /^\{"format":("[^"]*"),"schemaVersion":(\d+),"directory":"(\d{12}),(\d{12})"/.exec(start);
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
  if (Number(m[3]) + Number(m[4]) + 1 !== reader.size || reader.text([reader.size - 1, 1]) !== '\n') {
    reader.close();
    return undefined;
  }
  const dir = reader.json<Directory>([Number(m[3]), Number(m[4])]);
  const table = new PolicyTable(reader, dir.policies);
  return {
    format,
    schemaVersion,
    sources: reader.json<SourceHash[]>(dir.sources),
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
            const span = s.parts[part]!;
            if (offset < 0 || offset + length > span[1]) throw new Error(`编译产物的检索索引部分 ${part} 越界`);
            return reader.bytes([span[0] + offset, length]);
          },
          size: (part) => s.parts[part]![1],
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
  private index: Buffer | undefined;
  constructor(
    private readonly reader: CompiledReader,
    private readonly entry: Directory['policies'],
  ) {}
  /** The last group decompressed (reading the policies in order decompresses each group once). */
  private group: { at: number; json: Buffer } | undefined;
  private spans(k: number): { light: Span; text: Span; inner: Span } {
    const { entry } = this;
    if (!(k >= 0 && k < entry.count)) throw new Error(`internal: no policy ${k} in the compiled file`);
    const at = k * POLICY_ENTRY;
    const bytes = this.index ?? this.reader.bytes([entry.index[0] + at, POLICY_ENTRY]);
    const o = this.index ? at : 0;
    return {
      light: [entry.lights[0] + bytes.readUInt32LE(o), bytes.readUInt32LE(o + 4)],
      text: [entry.texts[0] + bytes.readUInt32LE(o + 8), bytes.readUInt32LE(o + 12)],
      inner: [bytes.readUInt32LE(o + 16), bytes.readUInt32LE(o + 20)],
    };
  }
  /** Policy k's text fields: its JSON, sliced from its group decompressed. */
  private texts(text: Span, [at, length]: Span): Record<string, unknown> {
    if (this.group?.at !== text[0]) this.group = { at: text[0], json: decompressTexts(this.reader.bytes(text)) };
    return parsePolicyText(this.group.json.subarray(at, at + length));
  }
  at(k: number, lights?: Buffer): Handbook['policies'][number] {
    let p = this.made.get(k);
    if (!p) {
      const { light, text, inner } = this.spans(k);
      const json = lights ? lights.toString('utf8', light[0] - this.entry.lights[0], light[0] - this.entry.lights[0] + light[1]) : this.reader.text(light);
      this.made.set(k, (p = lazyPolicy(JSON.parse(json) as [string[], Record<string, unknown>], () => this.texts(text, inner))));
    }
    return p;
  }
  all(): Handbook['policies'] {
    this.index ??= this.reader.bytes(this.entry.index);
    const lights = this.reader.bytes(this.entry.lights);
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
