//! A policy's text fields as the compiled file stores them: each text once, compressed.
//! In: a Policy's heavy fields (HEAVY_POLICY_FIELDS). Out: bytes — their JSON with a clause's
//! Markdown, a section's intro and the preamble given as [offset, length] into the body when the
//! body holds them there, a clause's plain text as 0 when it equals its Markdown; TEXT_GROUP
//! policies' JSON one after another, compressed together with brotli (quality TEXT_QUALITY:
//! deterministic for the same bytes; no CPU-dependent paths). And back.

import { createRequire } from 'node:module';
import type { Policy } from '../model/index.js';

/**
 * Policies compressed together, and the brotli quality. Measured on 2,000 generated policies:
 * one by one at quality 3, 248 ms and 7.4 MB; four together at quality 1, 94 ms and 5.6 MB
 * (sixteen: 79 ms, 4.7 MB, but a search result would then decompress 16 policies to read one).
 */
export const TEXT_GROUP = 4;
const TEXT_QUALITY = 1;

let zlib: typeof import('node:zlib') | undefined;
/** node:zlib, loaded on first use (a command that reads no policy text never loads it). */
const z = () => (zlib ??= createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib'));

type Heavy = Record<string, unknown>;
type Ref = [number, number];

/** `text` as a reference into `body` at or after `from`, when the body holds it there. */
function refer(body: string, text: unknown, from: number): { value: unknown; next: number } {
  if (typeof text !== 'string' || text.length === 0) return { value: text, next: from };
  const at = body.indexOf(text, from);
  const found = at >= 0 ? at : body.indexOf(text);
  if (found < 0) return { value: text, next: from };
  return { value: [found, text.length] satisfies Ref, next: found + text.length };
}

const resolve = (body: string, value: unknown): unknown => (Array.isArray(value) ? body.slice(value[0] as number, (value[0] as number) + (value[1] as number)) : value);

/** The heavy fields with each text stored once (see the header). */
export function dedupe(heavy: Heavy): Heavy {
  const body = typeof heavy['body'] === 'string' ? (heavy['body'] as string) : '';
  const out: Heavy = {};
  let cursor = 0;
  for (const [key, value] of Object.entries(heavy)) {
    if (key === 'preamble') {
      const r = refer(body, value, 0);
      out[key] = r.value;
    } else if (key === 'sections' && Array.isArray(value)) {
      out[key] = (value as Record<string, unknown>[]).map((section) => {
        const s: Record<string, unknown> = {};
        for (const [sk, sv] of Object.entries(section)) {
          if (sk === 'intro') {
            const r = refer(body, sv, cursor);
            s[sk] = r.value;
          } else if (sk === 'clauses' && Array.isArray(sv)) {
            s[sk] = (sv as Record<string, unknown>[]).map((clause) => {
              const c: Record<string, unknown> = {};
              for (const [ck, cv] of Object.entries(clause)) {
                if (ck === 'markdown') {
                  const r = refer(body, cv, cursor);
                  cursor = r.next;
                  c[ck] = r.value;
                } else if (ck === 'text' && typeof cv === 'string' && cv === clause['markdown']) c[ck] = 0;
                else c[ck] = cv;
              }
              return c;
            });
          } else s[sk] = sv;
        }
        return s;
      });
    } else out[key] = value;
  }
  return out;
}

/** What dedupe took out, put back. */
export function restore(stored: Heavy): Heavy {
  const body = typeof stored['body'] === 'string' ? (stored['body'] as string) : '';
  const out: Heavy = {};
  for (const [key, value] of Object.entries(stored)) {
    if (key === 'preamble') out[key] = resolve(body, value);
    else if (key === 'sections' && Array.isArray(value)) {
      out[key] = (value as Record<string, unknown>[]).map((section) => {
        const s: Record<string, unknown> = {};
        for (const [sk, sv] of Object.entries(section)) {
          if (sk === 'intro') s[sk] = resolve(body, sv);
          else if (sk === 'clauses' && Array.isArray(sv)) {
            s[sk] = (sv as Record<string, unknown>[]).map((clause) => {
              const c: Record<string, unknown> = {};
              for (const [ck, cv] of Object.entries(clause)) c[ck] = ck === 'markdown' ? resolve(body, cv) : cv;
              if (c['text'] === 0) c['text'] = c['markdown'];
              return c;
            });
          } else s[sk] = sv;
        }
        return s;
      });
    } else out[key] = value;
  }
  return out;
}

/** A policy's heavy fields → their JSON (each text once), as UTF-8. */
export function policyTextJson(policy: Policy, heavyKeys: ReadonlySet<string>): Buffer {
  const heavy: Heavy = {};
  for (const [k, v] of Object.entries(policy)) if (heavyKeys.has(k)) heavy[k] = v;
  return Buffer.from(JSON.stringify(dedupe(heavy)), 'utf8');
}

/** A group's JSON texts, one after another, compressed. */
export function compressTexts(texts: readonly Buffer[]): Buffer {
  const all = Buffer.concat(texts);
  const { constants } = z();
  return z().brotliCompressSync(all, {
    params: { [constants.BROTLI_PARAM_QUALITY]: TEXT_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: all.length },
  });
}

export function decompressTexts(bytes: Uint8Array): Buffer {
  return z().brotliDecompressSync(bytes);
}

/** One policy's JSON (a slice of a decompressed group) → its heavy fields. */
export function parsePolicyText(json: Buffer): Heavy {
  return restore(JSON.parse(json.toString('utf8')) as Heavy);
}
