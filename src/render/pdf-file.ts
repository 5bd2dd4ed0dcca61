//! Just enough PDF reading and patching for the booklet, on the files Chromium (Skia) writes:
//! a classic xref table and plain-text dictionaries.
//! In: PDF bytes. Out: the page on which each named destination stands (what the table of
//! contents' page numbers are read from), and a copy with CreationDate/ModDate fixed, patched in
//! place with strings of the same length so every offset stays valid.

export class PdfFormatError extends Error {}

function latin1(pdf: Uint8Array): string {
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
}

/** Object number → byte offset, from the xref table that startxref points at. */
function xrefOffsets(text: string): Map<number, number> {
  const start = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
  if (!start) throw new PdfFormatError('PDF 没有 startxref');
  const at = Number(start[1]);
  if (!text.startsWith('xref', at)) throw new PdfFormatError('PDF 使用交叉引用流，暂不支持');
  const offsets = new Map<number, number>();
  const re = /(\d+) (\d+)\s*\r?\n|(\d{10}) (\d{5}) ([nf])\s?\r?\n/y;
  re.lastIndex = at + 'xref'.length;
  while (/\s/.test(text[re.lastIndex] ?? '')) re.lastIndex++;
  let next = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1] !== undefined) next = Number(m[1]);
    else {
      if (m[5] === 'n') offsets.set(next, Number(m[3]));
      next++;
    }
  }
  return offsets;
}

function reader(text: string) {
  const offsets = xrefOffsets(text);
  /** The object's text up to its stream or endobj (its dictionary, array or value). */
  const object = (n: number): string => {
    const at = offsets.get(n);
    if (at === undefined) throw new PdfFormatError(`PDF 中找不到对象 ${n}`);
    const end = text.indexOf('endobj', at);
    const stream = text.indexOf('stream', at);
    const body = text.slice(at, stream !== -1 && stream < end ? stream : end);
    return body.replace(/^\s*\d+\s+\d+\s+obj/, '');
  };
  const trailer = text.slice(text.lastIndexOf('trailer'));
  return { object, trailer };
}

const ref = (dict: string, key: string): number | undefined => {
  const m = new RegExp(`/${key}\\s+(\\d+)\\s+\\d+\\s+R`).exec(dict);
  return m ? Number(m[1]) : undefined;
};

function decodeName(name: string): string {
  return name.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Page object numbers in reading order (walks the page tree). */
function pageOrder(r: ReturnType<typeof reader>, root: number): number[] {
  const pagesRoot = ref(r.object(root), 'Pages');
  if (pagesRoot === undefined) throw new PdfFormatError('PDF 目录中没有 /Pages');
  const pages: number[] = [];
  const walk = (n: number, depth: number) => {
    if (depth > 50) throw new PdfFormatError('PDF 页面树过深');
    const dict = r.object(n);
    if (/\/Type\s*\/Pages\b/.test(dict)) {
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(dict)?.[1] ?? '';
      for (const k of kids.matchAll(/(\d+)\s+\d+\s+R/g)) walk(Number(k[1]), depth + 1);
    } else pages.push(n);
  };
  walk(pagesRoot, 0);
  return pages;
}

/**
 * Named destinations → 1-based page numbers. Chromium writes one for each element that an
 * in-page link (`<a href="#id">`) points at.
 */
export function namedDestinationPages(pdf: Uint8Array): Map<string, number> {
  const text = latin1(pdf);
  const r = reader(text);
  const root = ref(r.trailer, 'Root');
  if (root === undefined) throw new PdfFormatError('PDF 尾部没有 /Root');
  const pages = pageOrder(r, root);
  const pageIndex = new Map(pages.map((n, i) => [n, i + 1]));
  const catalog = r.object(root);
  const result = new Map<string, number>();
  const destsRef = ref(catalog, 'Dests');
  const dests = destsRef !== undefined ? r.object(destsRef) : (/\/Dests\s*(<<[\s\S]*?>>)/.exec(catalog)?.[1] ?? '');
  for (const m of dests.matchAll(/\/([^\s/[\]<>()]+)\s*\[\s*(\d+)\s+\d+\s+R/g)) {
    const page = pageIndex.get(Number(m[2]));
    if (page !== undefined) result.set(decodeName(m[1]!), page);
  }
  return result;
}

/** A font of the PDF: how it is embedded, and its name (from its descriptor). */
export interface PdfFont {
  /** Type3 (outlines drawn as PDF paths, CFF faces and variable faces end so), CIDFontType2 (CID TrueType), CIDFontType0 (CID CFF), … */
  kind: string;
  /** The embedded name (AAAAAA+NotoSerifSC-Regular), without its subset prefix. */
  name: string;
  /** The family (Noto Sans CJK SC), when the descriptor gives one. */
  family?: string;
}

/**
 * Every font the PDF's pages use, as pdffonts lists them: a Type0 font is given as the kind of
 * its descendant (CIDFontType2 is CID TrueType).
 * @example pdfFonts(pdf).filter((f) => f.kind === 'Type3') // the fonts printed as Type 3
 */
export function pdfFonts(pdf: Uint8Array): PdfFont[] {
  const text = latin1(pdf);
  const r = reader(text);
  const fonts: PdfFont[] = [];
  const seen = new Set<number>();
  for (const m of text.matchAll(/\n(\d+) 0 obj\s*<<\s*\/Type \/Font\s*\/Subtype \/(\w+)/g)) {
    const n = Number(m[1]);
    if (seen.has(n)) continue;
    seen.add(n);
    let kind = m[2]!;
    if (kind === 'CIDFontType2' || kind === 'CIDFontType0') continue; // listed through their Type0 parent
    let dict = r.object(n);
    if (kind === 'Type0') {
      const child = /\/DescendantFonts\s*\[\s*(\d+)\s+\d+\s+R/.exec(dict)?.[1];
      if (child !== undefined) {
        const d = r.object(Number(child));
        kind = /\/Subtype\s*\/(\w+)/.exec(d)?.[1] ?? kind;
        dict = d;
      }
    }
    const descriptorRef = ref(dict, 'FontDescriptor');
    const descriptor = descriptorRef !== undefined ? r.object(descriptorRef) : '';
    const name = decodeName(/\/(?:BaseFont|FontName)\s*\/([^\s/[\]<>()]+)/.exec(dict)?.[1] ?? /\/FontName\s*\/([^\s/[\]<>()]+)/.exec(descriptor)?.[1] ?? '').replace(/^[A-Z]{6}\+/, '');
    const family = /\/FontFamily\s*\(([^)]*)\)/.exec(descriptor)?.[1];
    fonts.push({ kind, name, ...(family !== undefined ? { family } : {}) });
  }
  return fonts;
}

function pdfDate(date: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `D:${p(date.getUTCFullYear(), 4)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}+00'00'`;
}

/** Sets the document's CreationDate and ModDate to `date` (UTC), in place-sized patches. */
export function fixPdfDates(pdf: Uint8Array, date: Date): Uint8Array {
  const text = latin1(pdf);
  const out = Buffer.from(pdf);
  const wanted = pdfDate(date);
  let found = 0;
  for (const m of text.matchAll(/\/(CreationDate|ModDate)\s*\((D:[^)]*)\)/g)) {
    const old = m[2]!;
    // Same length keeps the xref offsets right; Skia writes exactly this form.
    const value = wanted.length === old.length ? wanted : wanted.slice(0, old.length).padEnd(old.length, ' ');
    out.write(value, m.index + m[0].indexOf('(') + 1, 'latin1');
    found++;
  }
  if (found === 0) throw new PdfFormatError('PDF 中没有 CreationDate/ModDate');
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
