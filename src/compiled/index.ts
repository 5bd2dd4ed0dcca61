//! The compiled handbook on disk: a versioned JSON file with the sources' hashes.
//! In: a Handbook (+ optional search index) and its SourceFile[]. Out: deterministic JSON,
//! written atomically (temp file, then rename); and back: a loader that uses the compiled
//! file only when it is fresh (same schema, same sources) and otherwise recompiles in memory.
//! The compiler (yaml, gray-matter, the search index builder) is imported only on that
//! stale path, so a command reading a fresh handbook starts fast.

import { createRequire } from 'node:module';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Handbook } from '../model/index.js';
import { DiagnosticBag, type Diagnostic } from '../diagnostics/index.js';
import { listSourcePaths, readHandbookDir, type SourceFile } from '../load/read.js';

/**
 * Bump when the compiled JSON's shape changes; older files are then recompiled. (The
 * `directory` and `spans` members are additions a plain JSON reader ignores: same version.)
 */
export const SCHEMA_VERSION = 1;
export const COMPILED_FILE = 'handbook.json';

export interface SourceHash {
  path: string;
  sha256: string;
}

export interface CompiledHandbook {
  format: 'policy-handbook';
  schemaVersion: number;
  sources: SourceHash[];
  handbook: Handbook;
  /** Extra artefacts compiled alongside (the search index), keyed by name. */
  artefacts: Record<string, unknown>;
}

/**
 * node:crypto, loaded on first use: its ~20 internal modules cost a few milliseconds at
 * start-up, and a command reading a fresh handbook (stat cache) hashes nothing.
 */
let crypto: typeof import('node:crypto') | undefined;
const createHash = (algorithm: string) => (crypto ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')).createHash(algorithm);

export function hashSources(files: readonly SourceFile[]): SourceHash[] {
  return files
    .map((f) => ({ path: f.path, sha256: createHash('sha256').update(f.text).digest('hex') }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function toCompiled(handbook: Handbook, files: readonly SourceFile[], artefacts: Record<string, unknown> = {}): CompiledHandbook {
  return { format: 'policy-handbook', schemaVersion: SCHEMA_VERSION, sources: hashSources(files), handbook, artefacts };
}

/** Writes `data` to `path` atomically: a temp file beside it, then rename. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** A [byte offset, byte length] of a JSON value inside the compiled file. */
type Span = [number, number];

/**
 * Where each part of a compiled file is, so a reader can parse only what it needs: written
 * as the file's last member; the file's first member `directory` gives its span. The file as
 * a whole stays one JSON document of the CompiledHandbook shape (plus these two members).
 */
interface Directory {
  sources: Span;
  meta: Span;
  facts: Span;
  derived: Span;
  synonyms: Span;
  /** Each policy's span, and its small fields (id, title, issuer, tags, dates…) for listing. */
  policies: { span: Span; keys: string[]; light: Record<string, unknown> }[];
  /** Artefacts stored whole, by name. */
  artefacts: Record<string, Span>;
  /** The search artefact, stored in parts: its shards are read one by one (search-index). */
  search?: { version: Span; options: Span; lexicon: Span; head: Span; first: string[]; shards: Span[] };
}

/** Policy fields that carry the text: read from a policy's span when first used. */
const HEAVY_POLICY_FIELDS = new Set(['sources', 'preamble', 'body', 'bodyLine', 'sections', 'provisions']);
const DIRECTORY_WIDTH = 12;

/**
 * Where the compiled file's bytes go, in order: `put` appends a piece and returns its span;
 * `patch` rewrites bytes already put (the directory's span, known only at the end).
 */
interface Sink {
  put(text: string): Span;
  /** Appends a piece given as UTF-8 bytes (a search shard kept encoded). */
  putBytes(bytes: Uint8Array): Span;
  patch(at: number, text: string): void;
}

/**
 * Writes the compiled file's parts to `sink`: `{"format","schemaVersion","directory",…,"spans"}`,
 * each part at a byte offset recorded in `spans`, so that `handbook search` at 10,000 policies
 * reads the directory, the search index's head and a few shards instead of parsing everything.
 */
function writeParts(compiled: CompiledHandbook, sink: Sink): void {
  const put = (text: string): Span => sink.put(text);
  const value = (v: unknown): Span => put(JSON.stringify(v));
  /** Writes `before` (the JSON up to a member's value), then the value: the value's span. */
  const member = (before: string, v: unknown): Span => {
    put(before);
    return value(v);
  };
  const prefix = `{"format":${JSON.stringify(compiled.format)},"schemaVersion":${compiled.schemaVersion},"directory":"`;
  put(prefix);
  const directoryAt = put('0'.repeat(DIRECTORY_WIDTH * 2 + 1))[0];
  const sources = member('","sources":', compiled.sources);
  const h = compiled.handbook;
  const meta = member(',"handbook":{"meta":', h.meta);
  const facts = member(',"facts":', h.facts);
  const derived = member(',"derived":', h.derived);
  const synonyms = member(',"synonyms":', h.synonyms);
  put(',"policies":[');
  const policies: Directory['policies'] = h.policies.map((p, i) => {
    if (i > 0) put(',');
    const light: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(p)) if (!HEAVY_POLICY_FIELDS.has(k)) light[k] = v;
    return { span: value(p), keys: Object.keys(p), light };
  });
  put(']},"artefacts":{');
  const artefacts: Record<string, Span> = {};
  let search: Directory['search'];
  Object.entries(compiled.artefacts).forEach(([name, artefact], i) => {
    put(`${i > 0 ? ',' : ''}${JSON.stringify(name)}:`);
    const shards = name === 'search' ? shardsOfValue(artefact) : undefined;
    if (!shards) {
      artefacts[name] = value(artefact);
      return;
    }
    const a = artefact as { version: unknown; options: unknown; lexicon: unknown; index: Record<string, unknown> };
    const version = member('{"version":', a.version);
    const options = member(',"options":', a.options);
    const lexicon = member(',"lexicon":', a.lexicon);
    put(',"index":{');
    const headMembers: string[] = [];
    for (const key of Object.keys(a.index)) if (key !== 'index') headMembers.push(`${JSON.stringify(key)}:${JSON.stringify(a.index[key])}`);
    const head = put(headMembers.join(','));
    put(',"index":[');
    const first: string[] = [];
    const spans: Span[] = [];
    const putShard = (term: string, shard: () => Span) => {
      if (spans.length > 0) put(',');
      first.push(term);
      spans.push(shard());
    };
    // A freshly built index makes its shards as they are written (see PostingShards.stream).
    if (shards.stream) shards.stream((term, bytes) => putShard(term, () => sink.putBytes(bytes)));
    else shards.first.forEach((term, k) => putShard(term, () => (shards.bytes ? sink.putBytes(shards.bytes(k)) : put(shards.text(k)))));
    put(']}}');
    search = { version, options, lexicon, head, first, shards: spans };
  });
  const directory: Directory = { sources, meta, facts, derived, synonyms, policies, artefacts, ...(search ? { search } : {}) };
  const dir = member('},"spans":', directory);
  put('}\n');
  sink.patch(directoryAt, `${String(dir[0]).padStart(DIRECTORY_WIDTH, '0')},${String(dir[1]).padStart(DIRECTORY_WIDTH, '0')}`);
}

/** The compiled file's text (see writeParts), as one string: for small handbooks and tests. */
export function serializeCompiled(compiled: CompiledHandbook): string {
  const parts: string[] = [];
  const starts: number[] = [];
  let at = 0;
  const sink: Sink = {
    put(text) {
      starts.push(at);
      parts.push(text);
      const span: Span = [at, Buffer.byteLength(text)];
      at += span[1];
      return span;
    },
    putBytes(bytes) {
      return sink.put(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
    },
    patch(offset, text) {
      // Patches replace a whole piece of the same length (the directory's placeholder).
      const k = starts.indexOf(offset);
      if (k < 0 || Buffer.byteLength(parts[k]!) !== Buffer.byteLength(text)) throw new Error('internal: bad patch');
      parts[k] = text;
    },
  };
  writeParts(compiled, sink);
  return parts.join('');
}

/** Size of the buffer that collects small pieces before a write. */
const WRITE_CHUNK = 1 << 20;

/**
 * Writes the compiled file to `path` atomically (temp file beside it, then rename), piece by
 * piece: the same bytes as serializeCompiled, without ever holding the whole file in memory
 * (at 10,000 policies the file is ~360 MB; one string of it, then its UTF-8 copy, cost ~1 GB).
 */
export function writeCompiled(path: string, compiled: CompiledHandbook): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w');
    const file = fd;
    const buffer = Buffer.allocUnsafe(WRITE_CHUNK);
    let used = 0;
    let at = 0;
    const writeAll = (bytes: Uint8Array, position?: number) => {
      let done = 0;
      while (done < bytes.byteLength) {
        done += writeSync(file, bytes, done, bytes.byteLength - done, position === undefined ? null : position + done);
      }
    };
    const flush = () => {
      if (used > 0) writeAll(buffer.subarray(0, used));
      used = 0;
    };
    const putBytes = (bytes: Uint8Array): Span => {
      const span: Span = [at, bytes.byteLength];
      at += bytes.byteLength;
      if (used + bytes.byteLength > WRITE_CHUNK) flush();
      if (bytes.byteLength > WRITE_CHUNK) writeAll(bytes);
      else {
        buffer.set(bytes, used);
        used += bytes.byteLength;
      }
      return span;
    };
    const sink: Sink = {
      put(text) {
        // Short pieces are encoded straight into the buffer; long ones get their own bytes.
        if (text.length * 3 <= WRITE_CHUNK - used) {
          const n = buffer.write(text, used, 'utf8');
          const span: Span = [at, n];
          used += n;
          at += n;
          return span;
        }
        return putBytes(Buffer.from(text, 'utf8'));
      },
      putBytes,
      patch(offset, text) {
        flush();
        writeAll(Buffer.from(text, 'utf8'), offset);
      },
    };
    writeParts(compiled, sink);
    flush();
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
}

const SHARDS_KEY = Symbol.for('policy-handbook.search.shards');
type Shards = {
  first: string[];
  text(k: number): string;
  bytes?(k: number): Uint8Array;
  stream?(visit: (first: string, bytes: Uint8Array) => void): void;
};

function shardsOfValue(artefact: unknown): Shards | undefined {
  return artefact && typeof artefact === 'object' ? (artefact as { [SHARDS_KEY]?: Shards })[SHARDS_KEY] : undefined;
}

/** A compiled file opened for reading parts of it (kept open: lazy parts read the same file). */
class CompiledReader {
  private readonly fd: number;
  readonly size: number;
  constructor(path: string) {
    this.fd = openSync(path, 'r');
    this.size = fstatSync(this.fd).size;
  }
  text([offset, length]: Span): string {
    const buf = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, buf, done, length - done, offset + done);
      if (n === 0) throw new Error('编译产物被截断');
      done += n;
    }
    return buf.toString('utf8');
  }
  json<T>(span: Span): T {
    return JSON.parse(this.text(span)) as T;
  }
  close(): void {
    closeSync(this.fd);
  }
}

interface OpenedCompiled {
  schemaVersion: unknown;
  format: unknown;
  sources: SourceHash[];
  /** The handbook with each policy's text read on first use. */
  handbook: () => Handbook;
  artefacts: () => Record<string, unknown>;
}

/**
 * Opens a compiled file by its directory, or returns undefined when it has none (another
 * version, or not a compiled handbook): the caller then parses it whole.
 */
function openCompiled(path: string): OpenedCompiled | undefined {
  const reader = new CompiledReader(path);
  const start = reader.text([0, Math.min(reader.size, 160)]);
  const m = /^\{"format":("[^"]*"),"schemaVersion":(\d+),"directory":"(\d{12}),(\d{12})"/.exec(start);
  // The directory must end the file exactly: a file rewritten by other means (edited, or
  // re-serialised without it) is then read whole instead of by stale offsets.
  if (!m || Number(m[3]) + Number(m[4]) + 2 !== reader.size || reader.text([reader.size - 2, 2]) !== '}\n') {
    reader.close();
    return undefined;
  }
  const dir = reader.json<Directory>([Number(m[3]), Number(m[4])]);
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
        const shards: Shards = { first: s.first, text: (k: number) => reader.text(s.shards[k]!) };
        let all: unknown[] | undefined;
        // The postings as a plain reader sees them (parsed on first read), and the shards
        // under the search stage's symbol for queries that need only a few.
        Object.defineProperty(index, 'index', {
          enumerable: true,
          configurable: true,
          get: () => (all ??= JSON.parse(`[${s.shards.map((span) => reader.text(span)).join(',')}]`) as unknown[]),
        });
        const artefact = { version: reader.json(s.version), options: reader.json(s.options), lexicon: reader.json(s.lexicon), index };
        Object.defineProperty(artefact, SHARDS_KEY, { value: shards, enumerable: false });
        out['search'] = artefact;
      }
      return out;
    },
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

/** Why a compiled file cannot be used, or undefined when it is a compiled handbook of this version. */
export function checkCompiledShape(value: unknown): string | undefined {
  const v = value as Partial<CompiledHandbook> | null;
  if (!v || typeof v !== 'object' || v.format !== 'policy-handbook') return '不是 handbook 编译产物';
  if (v.schemaVersion !== SCHEMA_VERSION) {
    return `编译产物的格式版本为 ${String(v.schemaVersion)}，本程序需要 ${SCHEMA_VERSION}，请运行 handbook build 重新编译`;
  }
  return undefined;
}

export interface LoadedHandbook {
  handbook?: Handbook;
  artefacts: Record<string, unknown>;
  diagnostics: Diagnostic[];
  /** 'compiled' when read from a fresh compiled file, 'sources' when compiled in memory. */
  from: 'compiled' | 'sources';
  /** Why the compiled file was not used, if there was one. */
  staleReason?: string;
}

export interface LoadOptions {
  dir: string;
  /** The compiled output folder (default `.handbook`). */
  out: string;
  /** Also compile the extra artefacts (the search index) when recompiling in memory. */
  artefacts?: boolean;
}

/**
 * Loads the handbook for a reading command: the compiled file when it matches the
 * sources exactly, else a fresh in-memory compile, so no command sees a stale handbook.
 */
export async function loadHandbook(options: LoadOptions): Promise<LoadedHandbook> {
  const bag = new DiagnosticBag();
  const dir = resolve(options.dir);
  const path = join(options.out, COMPILED_FILE);
  let opened: OpenedCompiled | undefined;
  try {
    opened = openCompiled(path);
  } catch {
    opened = undefined; // read below, whole, to say why it cannot be used
  }
  // Fast path: every source has the size and mtime it had when last hashed (stat cache).
  if (opened && checkCompiledShape({ format: opened.format, schemaVersion: opened.schemaVersion }) === undefined && unchangedByStat(dir, path, opened.sources)) {
    return { handbook: opened.handbook(), artefacts: opened.artefacts(), diagnostics: [], from: 'compiled' };
  }
  const files = readHandbookDir(dir, bag);
  let staleReason: string | undefined;
  try {
    if (opened) {
      staleReason = checkCompiledShape({ format: opened.format, schemaVersion: opened.schemaVersion });
      if (staleReason === undefined) {
        const now = hashSources(files);
        if (!bag.hasErrors && sameSources(now, opened.sources)) {
          writeStatCache(dir, path, now);
          return { handbook: opened.handbook(), artefacts: opened.artefacts(), diagnostics: [], from: 'compiled' };
        }
        staleReason = '源文件在编译后有改动';
      }
    } else {
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as CompiledHandbook;
      staleReason = checkCompiledShape(parsed);
      if (staleReason === undefined) {
        if (!bag.hasErrors && sameSources(hashSources(files), parsed.sources)) {
          return { handbook: parsed.handbook, artefacts: parsed.artefacts ?? {}, diagnostics: [], from: 'compiled' };
        }
        staleReason = '源文件在编译后有改动';
      }
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') staleReason = `编译产物无法读取：${(e as Error).message}`;
  }
  if (bag.hasErrors) return { diagnostics: bag.sorted(), artefacts: {}, from: 'sources', staleReason };
  const { compileSources } = await import('../validate/index.js');
  const result = compileSources(files, bag);
  let artefacts: Record<string, unknown> = {};
  if (result.handbook && options.artefacts) {
    const { compileArtefacts } = await import('../artefacts.js');
    artefacts = compileArtefacts(result.handbook);
  }
  return { handbook: result.handbook, artefacts, diagnostics: result.diagnostics, from: 'sources', staleReason };
}

/**
 * The stat cache beside the compiled file (like git's index): for each source, the size and
 * mtime it had when its hash was last checked against the compiled file. A reading command
 * trusts a source unread only when its size and mtime are unchanged; any difference means
 * reading and hashing it (the hash stays the truth). Written after a full check, best effort.
 */
const STAT_CACHE = 'sources.stat.json';
/** Files modified this recently are not cached: a change within the mtime's tick could hide. */
const RACY_MS = 2000;

interface StatCache {
  /** The handbook folder whose files were checked (another --dir never matches). */
  dir: string;
  /** The compiled file it belongs to: its size and mtime. */
  compiled: [number, number];
  /** path → [size, mtimeMs, sha256]. */
  entries: Record<string, [number, number, string]>;
}

function unchangedByStat(dir: string, compiledPath: string, recorded: readonly SourceHash[]): boolean {
  try {
    const cache = JSON.parse(readFileSync(join(dirname(compiledPath), STAT_CACHE), 'utf8')) as StatCache;
    const c = statSync(compiledPath);
    if (cache.dir !== dir || cache.compiled[0] !== c.size || cache.compiled[1] !== c.mtimeMs) return false;
    const paths = listSourcePaths(dir);
    if (paths.length !== recorded.length) return false;
    return paths.every((p, i) => {
      const entry = cache.entries[p];
      if (!entry || recorded[i]!.path !== p || entry[2] !== recorded[i]!.sha256) return false;
      const st = statSync(join(dir, p));
      return st.isFile() && st.size === entry[0] && st.mtimeMs === entry[1];
    });
  } catch {
    return false;
  }
}

function writeStatCache(dir: string, compiledPath: string, hashes: readonly SourceHash[]): void {
  try {
    const c = statSync(compiledPath);
    const entries: StatCache['entries'] = {};
    const now = Date.now();
    for (const h of hashes) {
      const st = statSync(join(dir, h.path));
      if (now - st.mtimeMs > RACY_MS) entries[h.path] = [st.size, st.mtimeMs, h.sha256];
    }
    const cache: StatCache = { dir, compiled: [c.size, c.mtimeMs], entries };
    writeFileAtomic(join(dirname(compiledPath), STAT_CACHE), JSON.stringify(cache));
  } catch {
    // A read-only output folder only means the next command hashes again.
  }
}

/** Same paths with the same hashes (other recorded fields aside). */
function sameSources(now: readonly SourceHash[], recorded: readonly SourceHash[]): boolean {
  if (now.length !== recorded.length) return false;
  return now.every((s, i) => s.path === recorded[i]!.path && s.sha256 === recorded[i]!.sha256);
}
