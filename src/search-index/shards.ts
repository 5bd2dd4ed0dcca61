//! The posting shards of a search index: the protocol between the index builder, the
//! compiled file (which stores each shard at a known offset) and the query path (which
//! parses only the shards of its terms). Owned by the search stage; compiled/ only
//! stores and returns what is under the SHARDS symbol. Pure.

/**
 * The postings of an index in term order, cut into shards of contiguous terms, each the JSON
 * text of its `[term, data]` entries (no brackets around the shard). Held under a symbol, so
 * JSON.stringify of an artefact ignores it; the compiled file stores each shard at a known
 * offset, and a query loads only the shards of its terms (see query.ts).
 */
export interface PostingShards {
  /** The first term of each shard. */
  first: string[];
  /** The JSON text of shard k. */
  text(k: number): string;
  /** The same as UTF-8 bytes, when the shards are held encoded (written to a file as they are). */
  bytes?(k: number): Uint8Array;
  /**
   * Each shard in order, its first term and its UTF-8 bytes, made as they are visited and not
   * kept (a freshly built index: at 10,000 policies its shards are ~340 MB). The bytes are
   * only valid during the call.
   */
  stream?(visit: (first: string, bytes: Uint8Array) => void): void;
}

export const SHARDS: unique symbol = Symbol.for('policy-handbook.search.shards');

/** The shards of an artefact, when it has them (built by the search stage, or loaded lazily from a file). */
export function shardsOf(artefact: unknown): PostingShards | undefined {
  return artefact && typeof artefact === 'object' ? (artefact as { [SHARDS]?: PostingShards })[SHARDS] : undefined;
}

/**
 * Gives an artefact whose `index` is MiniSearch's JSON without postings an `index.index` that
 * parses all shards on first read (what a plain reader sees), and the shards under SHARDS
 * (what a query reads).
 */
export function withShards<T extends { index: Record<string, unknown> }>(artefact: T, shards: PostingShards): T {
  let all: unknown[] | undefined;
  Object.defineProperty(artefact.index, 'index', {
    enumerable: true,
    configurable: true,
    get: () => (all ??= shards.first.length ? (JSON.parse(`[${shards.first.map((_, k) => shards.text(k)).join(',')}]`) as unknown[]) : []),
  });
  Object.defineProperty(artefact, SHARDS, { value: shards, enumerable: false });
  return artefact;
}
