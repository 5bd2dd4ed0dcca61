//! The checksum of each part of a compiled file: CRC-32 (IEEE, as zlib and gzip compute it).
//! In: bytes. Out: an unsigned 32-bit number. Two implementations of the same function: a
//! table in JavaScript for the small parts a reading command checks (a few kilobytes: no module
//! to load at start-up), and zlib's native crc32 for large ones (the writer's pieces, a large
//! handbook's document table); test/compiled/corrupt.test.ts checks that they agree.

import { createRequire } from 'node:module';

const TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 in JavaScript (the reference). */
export function crc32Table(bytes: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** From this many bytes, zlib's crc32 (loaded on first use) is faster than loading it costs. */
const NATIVE_FROM = 64 * 1024;
let native: ((data: Uint8Array) => number) | undefined;

/** CRC-32 by zlib (the writer: a build has hundreds of megabytes to check at 10,000 policies). */
export function crc32Native(bytes: Uint8Array): number {
  native ??= (createRequire(import.meta.url)('node:zlib') as { crc32: (data: Uint8Array) => number }).crc32;
  return native(bytes) >>> 0;
}

/** CRC-32 of `bytes`: the table for small inputs, zlib's for large ones (the same numbers). */
export function crc32(bytes: Uint8Array): number {
  return bytes.length < NATIVE_FROM ? crc32Table(bytes) : crc32Native(bytes);
}

/** A checksum as written in the compiled file's header: 8 lower-case hex digits. */
export const hex8 = (n: number): string => n.toString(16).padStart(8, '0');
