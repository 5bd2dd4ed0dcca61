//! Intl.Segmenter in bounded pieces. In: a segmenter and a text. Out: its segments, in order,
//! with their offsets in the text. ICU's Chinese dictionary works on a whole run of Han
//! characters at once, and its time grows faster than the run (90,000 characters took
//! 25–60 s): a run longer than SEGMENT_CHUNK characters is cut in chunks, each ending where
//! the segment that crosses the chunk's end begins, so no word is split unless one segment
//! fills a whole chunk. Text without such a run (every real text: the bundled handbook's
//! longest run is far shorter) is segmented in one call, exactly as before. Pure.

/** The longest Han run segmented in one call. */
export const SEGMENT_CHUNK = 256;

export interface Piece {
  segment: string;
  index: number;
  isWordLike: boolean;
}

const HAN_RUN = /\p{Script=Han}+/gu;

function* whole(segmenter: Intl.Segmenter, text: string, base: number): Generator<Piece> {
  for (const s of segmenter.segment(text)) yield { segment: s.segment, index: base + s.index, isWordLike: s.isWordLike ?? false };
}

/** A long Han run in chunks of at most SEGMENT_CHUNK characters (see the module comment). */
function* chunked(segmenter: Intl.Segmenter, run: string, base: number): Generator<Piece> {
  let pos = 0;
  while (pos < run.length) {
    let end = Math.min(pos + SEGMENT_CHUNK, run.length);
    // Never between the two halves of a character outside the BMP (CJK extension B…).
    if (end < run.length && (run.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--;
    const segments = [...segmenter.segment(run.slice(pos, end))];
    let next = end;
    if (end < run.length && segments.length > 1) next = pos + segments.pop()!.index;
    for (const s of segments) yield { segment: s.segment, index: base + pos + s.index, isWordLike: s.isWordLike ?? false };
    pos = next;
  }
}

/** The segments of `text`, as `segmenter.segment(text)` gives them, its long Han runs in chunks. */
export function* segmentBounded(segmenter: Intl.Segmenter, text: string): Generator<Piece> {
  if (text.length <= SEGMENT_CHUNK) {
    yield* whole(segmenter, text, 0);
    return;
  }
  let from = 0;
  for (const m of text.matchAll(HAN_RUN)) {
    if (m[0].length <= SEGMENT_CHUNK) continue;
    if (m.index > from) yield* whole(segmenter, text.slice(from, m.index), from);
    yield* chunked(segmenter, m[0], m.index);
    from = m.index + m[0].length;
  }
  if (from === 0) yield* whole(segmenter, text, 0);
  else if (from < text.length) yield* whole(segmenter, text.slice(from), from);
}
