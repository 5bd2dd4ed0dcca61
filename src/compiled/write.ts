//! Writing the compiled handbook: its parts in order, each at a byte offset recorded in
//! the directory, either as one string (small handbooks, tests) or streamed into a file
//! written atomically. In: a CompiledHandbook. Out: bytes; the same bytes either way.

import { writeAll, writeAtomically } from '../io/write.js';
import { canEncode, encodeSearchIndex } from '../search-index/store.js';
import type { SearchIndexArtefact } from '../search-index/build.js';
import { crc32Native as crc32, hex8 } from './checksum.js';
import { DIRECTORY_FIELD_WIDTH, DIRECTORY_WIDTH, HEAVY_POLICY_FIELDS, PAGE_BYTES, POLICY_ENTRY, type CompiledHandbook, type Directory, type Region, type Span } from './format.js';
import { compressTexts, policyTextJson, TEXT_GROUP } from './policy-text.js';

/**
 * Where the compiled file's bytes go, in order: `put` appends a piece and returns its span;
 * `patch` rewrites bytes already put (the directory's span, known only at the end).
 */
interface Sink {
  put(text: string): Span;
  putBytes(bytes: Uint8Array): Span;
  patch(at: number, text: string): void;
}

/**
 * Writes the compiled file's parts to `sink` (docs/SEARCH.md "On disk"): a first line with the
 * format, the schema version and the directory's span; the parts; the directory. A reader
 * (read.ts) reads the directory and then only the parts a command needs: `handbook search` at
 * 10,000 policies reads the search index's dictionary blocks, postings and records of its
 * terms and the policies of its results, nothing of the rest.
 */
function writeParts(compiled: CompiledHandbook, sink: Sink): void {
  const json = (v: unknown): Span => sink.put(JSON.stringify(v));
  /** A part read by offset: its span and each page's checksum. */
  const region = (bytes: Uint8Array): Region => {
    const pages: number[] = [];
    for (let at = 0; at < bytes.length; at += PAGE_BYTES) pages.push(crc32(bytes.subarray(at, Math.min(bytes.length, at + PAGE_BYTES))));
    return { span: sink.putBytes(bytes), pages };
  };
  sink.put(`{"format":${JSON.stringify(compiled.format)},"schemaVersion":${compiled.schemaVersion},"directory":"`);
  const directoryAt = sink.put('0'.repeat(DIRECTORY_FIELD_WIDTH))[0];
  sink.put('"}\n');
  const sources = json(compiled.sources);
  const h = compiled.handbook;
  const meta = json(h.meta);
  const facts = json(h.facts);
  const derived = json(h.derived);
  const synonyms = json(h.synonyms);
  // Policies: all small fields together (one read lists them all), then the texts, then the index.
  const lightBytes = h.policies.map((p) => {
    const light: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(p)) if (!HEAVY_POLICY_FIELDS.has(k)) light[k] = v;
    return Buffer.from(JSON.stringify([Object.keys(p), light]), 'utf8');
  });
  const lightAt: number[] = [];
  let n = 0;
  for (const b of lightBytes) {
    lightAt.push(n);
    n += b.length;
  }
  const lights = region(Buffer.concat(lightBytes));
  // Texts TEXT_GROUP policies to a compressed group; each policy's place in its group's JSON.
  const groups: Buffer[] = [];
  const groupOf: Span[] = [];
  const inner: [number, number][] = [];
  let groupAt = 0;
  for (let g = 0; g < h.policies.length; g += TEXT_GROUP) {
    const jsons = h.policies.slice(g, g + TEXT_GROUP).map((p) => policyTextJson(p, HEAVY_POLICY_FIELDS));
    let at = 0;
    for (const j of jsons) {
      inner.push([at, j.length]);
      at += j.length;
    }
    const group = compressTexts(jsons);
    groups.push(group);
    for (let k = 0; k < jsons.length; k++) groupOf.push([groupAt, group.length, 0]);
    groupAt += group.length;
  }
  const texts = region(Buffer.concat(groups));
  const index = new Uint8Array(h.policies.length * POLICY_ENTRY);
  const view = new DataView(index.buffer);
  h.policies.forEach((_, i) => {
    const entry = [lightAt[i]!, lightBytes[i]!.length, groupOf[i]![0], groupOf[i]![1], inner[i]![0], inner[i]![1]];
    entry.forEach((v, j) => {
      if (v > 0xffffffff) throw new Error('internal: compiled policies beyond 4 GB');
      view.setUint32(i * POLICY_ENTRY + 4 * j, v, true);
    });
  });
  const policies: Directory['policies'] = { count: h.policies.length, lights, texts, index: region(index) };
  const artefacts: Record<string, Span> = {};
  let search: Directory['search'];
  for (const [name, artefact] of Object.entries(compiled.artefacts)) {
    if (name === 'search' && canEncode(artefact)) {
      const encoded = encodeSearchIndex(artefact as SearchIndexArtefact, h);
      const parts: Record<string, Region> = {};
      for (const [part, bytes] of encoded.parts) parts[part] = region(bytes);
      search = { meta: json(encoded.meta), parts };
    } else artefacts[name] = json(artefact);
  }
  const directory: Directory = { sources, meta, facts, derived, synonyms, policies, artefacts, ...(search ? { search } : {}) };
  const dir = json(directory);
  sink.put('\n');
  sink.patch(directoryAt, `${String(dir[0]).padStart(DIRECTORY_WIDTH, '0')},${String(dir[1]).padStart(DIRECTORY_WIDTH, '0')},${hex8(dir[2])}`);
}

/** The compiled file's bytes (see writeParts), in memory: for small handbooks and tests. */
export function serializeCompiled(compiled: CompiledHandbook): Buffer {
  const parts: Buffer[] = [];
  const starts: number[] = [];
  let at = 0;
  const sink: Sink = {
    put(text) {
      return sink.putBytes(Buffer.from(text, 'utf8'));
    },
    putBytes(bytes) {
      starts.push(at);
      parts.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      const span: Span = [at, bytes.byteLength, crc32(bytes)];
      at += bytes.byteLength;
      return span;
    },
    patch(offset, text) {
      // Patches replace a whole piece of the same length (the directory's placeholder).
      const k = starts.indexOf(offset);
      const bytes = Buffer.from(text, 'utf8');
      if (k < 0 || parts[k]!.length !== bytes.length) throw new Error('internal: bad patch');
      parts[k] = bytes;
    },
  };
  writeParts(compiled, sink);
  return Buffer.concat(parts);
}

/** Size of the buffer that collects small pieces before a write. */
const WRITE_CHUNK = 1 << 20;

/**
 * Writes the compiled file to `path` atomically (temp file beside it, then rename), piece by
 * piece: the same bytes as serializeCompiled, without holding the whole file in one buffer.
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
