//! The faces the PDF is printed in, brought by the project itself, so the PDF does not depend on
//! the fonts a machine happens to have. In: the font packages in node_modules (@fontsource, OFL
//! 1.1, which allows embedding). Out: @font-face rules pointing at the packages' own files
//! (file:// URLs; nothing is copied or inlined), the page's HTML with those rules added for the
//! print, and the check of a printed PDF's fonts.
//!
//! GB/T 9704's faces, as far as free fonts go: Song/Ming for the body (Noto Serif SC; no free
//! FangSong is packaged on npm, so the body is Song, which the standard also admits for
//! quotations and which reads closest), Hei for titles and first-level headings (Noto Sans SC),
//! Kai for second-level lead-ins and quotations (LXGW WenKai). All three are TrueType (glyf
//! outlines, WOFF2 flavour 0x00010000), which Chromium embeds as CID TrueType subsets; a CFF
//! (OpenType .otf) or variable face would be drawn as Type 3, which is why neither is used.
//! Each package splits its face into unicode-range slices; the browser reads only the slices the
//! page's text needs, and embeds only the glyphs it prints.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The faces booklet.css's stacks name first (--song, --hei, --kai): defined only in the PDF's page. */
export type FaceRole = 'song' | 'hei' | 'kai';

export interface BookletFace {
  /** The family name booklet.css puts first in the role's stack. */
  family: string;
  /** The face's own name, as the package calls it (and the PDF's font names show it). */
  face: string;
  /** In words, for messages: 宋体 (Noto Serif SC). */
  label: string;
  /** The npm package that ships it, pinned in package.json. */
  package: string;
  /** The package's style sheet of the one weight used (its @font-face rules, one per slice). */
  css: string;
}

export const BOOKLET_FACES = {
  song: { family: 'Handbook Song', face: 'Noto Serif SC', label: '宋体', package: '@fontsource/noto-serif-sc', css: '400.css' },
  hei: { family: 'Handbook Hei', face: 'Noto Sans SC', label: '黑体', package: '@fontsource/noto-sans-sc', css: '400.css' },
  // LXGW WenKai's regular weight is the package's 500 (its 300 is Light, 700 Bold).
  kai: { family: 'Handbook Kai', face: 'LXGW WenKai', label: '楷体', package: '@fontsource/lxgw-wenkai', css: '500.css' },
} as const satisfies Record<FaceRole, BookletFace>;

export interface EmbeddedFonts {
  /** @font-face rules for every role whose package was found (file:// URLs to its WOFF2 files). */
  css: string;
  /** The roles' packages that could not be read, in words (the PDF then falls back to system fonts). */
  missing: string[];
  /** file:// URLs of the folders the rules point into: the only files the print page may read. */
  roots: string[];
}

const require = createRequire(import.meta.url);

/** One package's rules, renamed to the role's family, pointing at its files; or why it cannot be read. */
function faceRules(face: BookletFace): { css: string; root: string } | { missing: string } {
  let cssPath: string;
  let text: string;
  try {
    cssPath = require.resolve(`${face.package}/${face.css}`);
    text = readFileSync(cssPath, 'utf8');
  } catch {
    return { missing: `${face.label} ${face.face}（npm 包 ${face.package} 未安装）` };
  }
  const dir = dirname(cssPath);
  const rules: string[] = [];
  for (const block of text.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
    const body = block[1]!;
    const url = /url\(\s*['"]?([^'")]+\.woff2)['"]?\s*\)/.exec(body)?.[1];
    if (!url) continue;
    const range = /unicode-range:\s*([^;]+);/.exec(body)?.[1]?.trim();
    const href = pathToFileURL(join(dir, url)).href;
    rules.push(`@font-face { font-family: "${face.family}"; font-style: normal; font-weight: normal; font-display: block; src: url("${href}") format("woff2");${range ? ` unicode-range: ${range};` : ''} }`);
  }
  if (rules.length === 0) return { missing: `${face.label} ${face.face}（${cssPath} 中没有 WOFF2 字体）` };
  return { css: rules.join('\n'), root: pathToFileURL(dir).href + '/' };
}

/**
 * Text printed only by the page's CSS (booklet.css's @page margin boxes: "― 12 ―"), which the
 * browser would not know to load a slice for before the print starts: loaded ahead (pdf.ts), or
 * a brief whose body has none of these characters prints blank page numbers.
 */
export const MARGIN_TEXT = '\u2015\u2002\u2014 0123456789';

let cached: EmbeddedFonts | undefined;

/** The @font-face rules of the booklet's faces (read once per process). */
export function embeddedFonts(): EmbeddedFonts {
  if (cached) return cached;
  const css: string[] = [];
  const missing: string[] = [];
  const roots: string[] = [];
  for (const face of Object.values(BOOKLET_FACES)) {
    const rules = faceRules(face);
    if ('missing' in rules) missing.push(rules.missing);
    else {
      css.push(rules.css);
      roots.push(rules.root);
    }
  }
  return (cached = { css: css.join('\n'), missing, roots });
}

const CSP_META = /(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(">)/;

/**
 * The page as printed: `html` with a style sheet of @font-face rules at the end of its head and,
 * when it has a Content-Security-Policy (the booklet's and the brief's admit no font), a policy
 * that admits that style (by hash) and fonts from file: URLs.
 * @example withFontFaces(html, embeddedFonts().css)
 */
export function withFontFaces(html: string, css: string): string {
  if (css === '') return html;
  if (/<\/style/i.test(css)) throw new Error('字体样式中不能出现 "</style"');
  const hash = `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;
  // The templates write the policy escaped (' as &#39;).
  const withPolicy = html.replace(CSP_META, (_all, open: string, policy: string, close: string) => {
    const amended = policy
      .replaceAll('&#39;', "'")
      .replace(/font-src 'none'/, 'font-src file:')
      .replace(/style-src ([^;]*)/, (_s, sources: string) => `style-src ${sources} ${hash}`)
      .replaceAll("'", '&#39;');
    return `${open}${amended}${close}`;
  });
  const style = `<style>${css}</style>\n`;
  return withPolicy.includes('</head>') ? withPolicy.replace('</head>', () => `${style}</head>`) : style + withPolicy;
}
