//! A sorted dictionary on disk, looked up without loading it: its keys in JavaScript string
//! order, cut into blocks of BLOCK_KEYS keys; each key stored as the code units it shares with
//! the key before it (within its block) and the rest in UTF-8, then its payload's length and
//! bytes. A small index (each block's first key and byte offset) is kept in memory; a lookup
//! binary-searches it and reads one block. Used for the index's terms, the lexicon's words and
//! the policies' names (store.ts). Pure and browser-safe.

import { ByteReader, ByteWriter } from './bytes.js';

/** Keys per block: a lookup reads and decodes one block (~1 KB). */
export const BLOCK_KEYS = 64;

/** What a reader keeps in memory: each block's first key, the blocks' byte offsets (one more than blocks: the end). */
export interface DictionaryIndex {
  count: number;
  firsts: string[];
  offsets: number[];
}

/** Writes sorted, distinct keys with their payloads. */
export function writeDictionary(entries: Iterable<readonly [string, Uint8Array]>): { bytes: Uint8Array; index: DictionaryIndex } {
  const out = new ByteWriter(1 << 16);
  const index: DictionaryIndex = { count: 0, firsts: [], offsets: [] };
  let previous = '';
  for (const [key, payload] of entries) {
    const inBlock = index.count % BLOCK_KEYS;
    if (index.count > 0 && !(previous < key)) throw new Error(`internal: dictionary keys out of order (${previous} ≥ ${key})`);
    let shared = 0;
    if (inBlock === 0) {
      index.firsts.push(key);
      index.offsets.push(out.length);
    } else {
      const max = Math.min(previous.length, key.length);
      while (shared < max && previous.charCodeAt(shared) === key.charCodeAt(shared)) shared++;
      // Never split a surrogate pair: the rest is written as UTF-8.
      if (shared > 0 && shared < key.length && (key.charCodeAt(shared - 1) & 0xfc00) === 0xd800) shared--;
    }
    out.varint(shared);
    const rest = key.slice(shared);
    const scratch = new ByteWriter(rest.length * 3 + 1);
    const n = scratch.text(rest);
    out.varint(n);
    out.bytes(scratch.view());
    out.varint(payload.length);
    out.bytes(payload);
    previous = key;
    index.count++;
  }
  index.offsets.push(out.length);
  return { bytes: out.done(), index };
}

/** A decoded block: its keys in order, and each key's payload. */
export interface Block {
  keys: string[];
  payloads: Uint8Array[];
}

export function decodeBlock(bytes: Uint8Array): Block {
  const r = new ByteReader(bytes);
  const keys: string[] = [];
  const payloads: Uint8Array[] = [];
  let previous = '';
  while (r.at < bytes.length) {
    const shared = r.varint();
    const n = r.varint();
    const key = previous.slice(0, shared) + r.text(n);
    const len = r.varint();
    keys.push(key);
    payloads.push(bytes.subarray(r.at, r.at + len));
    r.at += len;
    previous = key;
  }
  return { keys, payloads };
}

/** The last block whose first key is ≤ key (−1 when key sorts before every block). */
export function blockOf(firsts: readonly string[], key: string): number {
  let lo = 0;
  let hi = firsts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (firsts[mid]! <= key) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** A dictionary read block by block through `read(offset, length)`; decoded blocks are kept. */
export class Dictionary {
  private readonly blocks = new Map<number, Block>();
  constructor(
    readonly index: DictionaryIndex,
    private readonly read: (offset: number, length: number) => Uint8Array,
  ) {}
  get size(): number {
    return this.index.count;
  }
  block(k: number): Block {
    let b = this.blocks.get(k);
    if (!b) {
      const { offsets } = this.index;
      this.blocks.set(k, (b = decodeBlock(this.read(offsets[k]!, offsets[k + 1]! - offsets[k]!))));
    }
    return b;
  }
  /** The payload of `key`, or undefined. */
  get(key: string): Uint8Array | undefined {
    const k = blockOf(this.index.firsts, key);
    if (k < 0) return undefined;
    const b = this.block(k);
    // Binary search within the block.
    let lo = 0;
    let hi = b.keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = b.keys[mid]!;
      if (m === key) return b.payloads[mid];
      if (m < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }
  /** Every key that starts with `prefix` (itself included), in order, with its payload. */
  *withPrefix(prefix: string): Generator<[string, Uint8Array]> {
    const first = Math.max(0, blockOf(this.index.firsts, prefix));
    const last = blockOf(this.index.firsts, prefix + '\uffff');
    for (let k = first; k <= last; k++) {
      const b = this.block(k);
      for (let i = 0; i < b.keys.length; i++) if (b.keys[i]!.startsWith(prefix)) yield [b.keys[i]!, b.payloads[i]!];
    }
  }
  /** Every key in order, with its payload. */
  *entries(): Generator<[string, Uint8Array]> {
    for (let k = 0; k < this.index.firsts.length; k++) {
      const b = this.block(k);
      for (let i = 0; i < b.keys.length; i++) yield [b.keys[i]!, b.payloads[i]!];
    }
  }
}
