// The PDF's faces come with the project (src/render/fonts.ts), not from the machine: printed by
// the real Chromium with fontconfig restricted to Noto CJK alone (CFF faces, which Chromium can
// only draw as Type 3), every font is still CID TrueType, and a face that cannot be embedded so
// is named on stderr.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOOKLET_FACES, embeddedFonts, withFontFaces } from '../../src/render/fonts.js';
import { printBookletPdf } from '../../src/render/pdf.js';
import { pdfFonts } from '../../src/render/pdf-file.js';
import { tempDir } from '../helpers/temp.js';
import { render } from './helpers.js';

/**
 * A fontconfig that knows only Debian's Noto CJK (fonts-noto-cjk: OpenType/CFF outlines), with the
 * system's rendering rules (conf.d: hinting and the like, which move glyph advances) kept, as on a
 * machine that has no other font installed.
 */
function notoOnlyFontconfig(): string {
  const dir = tempDir('hb-fontconfig-');
  const file = join(dir, 'fonts.conf');
  writeFileSync(
    file,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>/usr/share/fonts/opentype/noto</dir><cachedir>${join(dir, 'cache')}</cachedir><include ignore_missing="yes">/etc/fonts/conf.d</include></fontconfig>\n`,
  );
  return file;
}

const rows = (pdf: string) =>
  execFileSync('pdffonts', [pdf], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() !== '');

describe('the PDF\'s own faces', () => {
  // Ensure a machine whose only CJK fonts are Noto CJK (CFF) still gets a PDF of CID TrueType fonts only, the project's Song, Hei and Kai: the very bytes this machine prints.
  it('embeds only CID TrueType fonts, the project\'s three faces, under a fontconfig of Noto CJK only, byte for byte as with every font', () => {
    const r = render(['--pdf', '$TMP/noto.pdf', '--policy', 'opinions'], { FONTCONFIG_FILE: notoOnlyFontconfig(), SOURCE_DATE_EPOCH: '1767225600' });
    const here = render(['--pdf', '$TMP/here.pdf', '--policy', 'opinions'], { SOURCE_DATE_EPOCH: '1767225600' });
    expect(here.code).toBe(0);
    expect(readFileSync(join(r.dir, 'noto.pdf')).equals(readFileSync(join(here.dir, 'here.pdf')))).toBe(true);
    expect(r.stderr).not.toContain('未能以 CID TrueType 嵌入');
    expect(r.code).toBe(0);
    const fonts = rows(join(r.dir, 'noto.pdf'));
    expect(fonts.length).toBeGreaterThan(0);
    for (const row of fonts) {
      expect(row).not.toContain('Type 3');
      expect(row).toMatch(/CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    }
    const names = fonts.map((row) => row.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, '')).join(' ');
    expect(names).toMatch(/NotoSerifSC/);
    expect(names).toMatch(/NotoSansSC/);
    expect(names).toMatch(/LXGWWenKai/);
    expect(names).not.toMatch(/CJK/);
  }, 120_000);

  // Ensure a face that Chromium can only draw as Type 3 (a CFF font) is named in a warning, not passed over in silence.
  it('names a face it could not embed as CID TrueType', async () => {
    const warnings: string[] = [];
    const html = '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>t</title></head><body><p style="font-family: \'Noto Serif CJK SC\'">政策汇编</p></body></html>';
    const { pdf } = await printBookletPdf(html, { chromium: {}, tocTargets: [], onWarning: (w) => void warnings.push(w) });
    expect(pdfFonts(pdf).some((f) => f.kind === 'Type3' && f.family === 'Noto Serif CJK SC')).toBe(true);
    expect(warnings.join('\n')).toMatch(/字体 Noto Serif CJK SC 未能以 CID TrueType 嵌入（实为 Type 3）/);
  }, 60_000);

  // Ensure the print page gets one @font-face per slice of each package, pointing at the package's own files, and a policy that admits them.
  it('adds @font-face rules for the packages\' files and a policy that admits them', () => {
    const fonts = embeddedFonts();
    expect(fonts.missing).toEqual([]);
    for (const face of Object.values(BOOKLET_FACES)) expect(fonts.css).toContain(`font-family: "${face.family}"`);
    expect(fonts.css).toMatch(/src: url\("file:\/\/\/[^"]+\/node_modules\/@fontsource\/noto-serif-sc\/files\/[^"]+\.woff2"\) format\("woff2"\)/);
    const page = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-x&#39;; font-src &#39;none&#39;"></head><body></body></html>`;
    const printed = withFontFaces(page, fonts.css);
    expect(printed).toMatch(/style-src &#39;sha256-x&#39; &#39;sha256-[^&]+&#39;; font-src file:"/);
    expect(printed).toContain(`<style>${fonts.css}</style>\n</head>`);
  });
});
