//! Writing the compiled handbook: its parts in order, each at a byte offset recorded in
//! the directory, either as one string (small handbooks, tests) or streamed into a file
//! written atomically. In: a CompiledHandbook. Out: bytes; the same bytes either way. Each
//! piece's span carries its CRC-32, and the header the directory's (see format.ts).

import { writeAll, writeAtomically } from '../io/write.js';
import { shardsOf } from '../search-index/shards.js';
import { crc32Native as crc32, hex8 } from './checksum.js';
import { DIRECTORY_FIELD_WIDTH, DIRECTORY_WIDTH, HEAVY_POLICY_FIELDS, type CompiledHandbook, type Directory, type Span } from './format.js';

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
  const directoryAt = put('0'.repeat(DIRECTORY_FIELD_WIDTH))[0];
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
    const shards = name === 'search' ? shardsOf(artefact) : undefined;
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
  sink.patch(directoryAt, `${String(dir[0]).padStart(DIRECTORY_WIDTH, '0')},${String(dir[1]).padStart(DIRECTORY_WIDTH, '0')},${hex8(dir[2])}`);
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
      const bytes = Buffer.from(text, 'utf8');
      const span: Span = [at, bytes.byteLength, crc32(bytes)];
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
 * A file that already holds the same bytes is kept (same inode), so that rebuilding an
 * unchanged handbook never disturbs a command reading it in another process.
 */
export function writeCompiled(path: string, compiled: CompiledHandbook): void {
  writeAtomically(path, (file) => {
    const buffer = Buffer.allocUnsafe(WRITE_CHUNK);
    let used = 0;
    let at = 0;
    const flush = () => {
      if (used > 0) writeAll(file, buffer.subarray(0, used));
      used = 0;
    };
    const putBytes = (bytes: Uint8Array): Span => {
      const span: Span = [at, bytes.byteLength, crc32(bytes)];
      at += bytes.byteLength;
      if (used + bytes.byteLength > WRITE_CHUNK) flush();
      if (bytes.byteLength > WRITE_CHUNK) writeAll(file, bytes);
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
          const span: Span = [at, n, crc32(buffer.subarray(used, used + n))];
          used += n;
          at += n;
          return span;
        }
        return putBytes(Buffer.from(text, 'utf8'));
      },
      putBytes,
      patch(offset, text) {
        flush();
        writeAll(file, Buffer.from(text, 'utf8'), offset);
      },
    };
    writeParts(compiled, sink);
    flush();
  }, { keepIdentical: true });
}
