//! Bytes of the stored search index: a growable writer and a reader of unsigned varints
//! (LEB128, 7 bits a byte, low first), UTF-8 strings and little-endian fixed-width integers.
//! Uint8Array and TextEncoder only: this module is also bundled into the booklet's page.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A growable byte buffer. */
export class ByteWriter {
  private buf: Uint8Array;
  length = 0;
  constructor(capacity = 1 << 16) {
    this.buf = new Uint8Array(capacity);
  }
  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
  }
  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }
  /** An unsigned integer below 2^53 as a varint. */
  varint(n: number): void {
    this.room(8);
    const buf = this.buf;
    while (n >= 0x80) {
      buf[this.length++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    buf[this.length++] = n;
  }
  /** An unsigned 16-bit integer, little-endian. */
  u16(n: number): void {
    this.room(2);
    this.buf[this.length++] = n & 0xff;
    this.buf[this.length++] = (n >>> 8) & 0xff;
  }
  /** An unsigned 32-bit integer, little-endian. */
  u32(n: number): void {
    this.room(4);
    const buf = this.buf;
    buf[this.length++] = n & 0xff;
    buf[this.length++] = (n >>> 8) & 0xff;
    buf[this.length++] = (n >>> 16) & 0xff;
    buf[this.length++] = (n >>> 24) & 0xff;
  }
  /** A float64, little-endian. */
  f64(x: number): void {
    this.room(8);
    new DataView(this.buf.buffer, this.buf.byteOffset + this.length, 8).setFloat64(0, x, true);
    this.length += 8;
  }
  /** A string as UTF-8 (no length); returns its byte length. */
  text(s: string): number {
    this.room(s.length * 3);
    const { written } = encoder.encodeInto(s, this.buf.subarray(this.length));
    this.length += written;
    return written;
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  /** The bytes written (a view of the buffer, valid until the next write). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
  /** A copy of the bytes written. */
  done(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** Reads what ByteWriter wrote, from `at`. */
export class ByteReader {
  at: number;
  constructor(
    readonly buf: Uint8Array,
    at = 0,
  ) {
    this.at = at;
  }
  varint(): number {
    const buf = this.buf;
    let b = buf[this.at++]!;
    if (b < 0x80) return b;
    let n = b & 0x7f;
    let scale = 0x80;
    for (;;) {
      b = buf[this.at++]!;
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 0x80;
    }
  }
  text(length: number): string {
    const s = fromUtf8(this.buf.subarray(this.at, this.at + length));
    this.at += length;
    return s;
  }
}

export function u16At(buf: Uint8Array, at: number): number {
  return buf[at]! | (buf[at + 1]! << 8);
}

export function u32At(buf: Uint8Array, at: number): number {
  return (buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16)) + buf[at + 3]! * 0x1000000;
}

export function f64At(buf: Uint8Array, at: number): number {
  return new DataView(buf.buffer, buf.byteOffset + at, 8).getFloat64(0, true);
}

export const utf8 = (s: string): Uint8Array => encoder.encode(s);

/**
 * UTF-8 → string. Short strings (ids, dictionary keys) are decoded here: a first TextDecoder
 * call costs more than a query's worth of them.
 */
export function fromUtf8(b: Uint8Array): string {
  if (b.length > 64) return decoder.decode(b);
  let s = '';
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    let code: number;
    if (c < 0x80) {
      code = c;
      i += 1;
    } else if (c < 0xe0) {
      code = ((c & 0x1f) << 6) | (b[i + 1]! & 0x3f);
      i += 2;
    } else if (c < 0xf0) {
      code = ((c & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f);
      i += 3;
    } else {
      code = ((c & 0x07) << 18) | ((b[i + 1]! & 0x3f) << 12) | ((b[i + 2]! & 0x3f) << 6) | (b[i + 3]! & 0x3f);
      i += 4;
    }
    s += String.fromCodePoint(code);
  }
  return s;
}
