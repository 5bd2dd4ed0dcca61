// Small pieces of the booklet stage: the date, where Chromium is looked for, PDF reading.
import { describe, expect, it } from 'vitest';
import { resolveBookletDate } from '../../src/render/index.js';
import { chromiumCandidates, INSTALL_HINT, printVersionProblem } from '../../src/render/chromium.js';
import { fixPdfDates, namedDestinationPages } from '../../src/render/pdf-file.js';

/** A minimal PDF in Skia's shape: classic xref, page tree with a nested node, /Dests. */
function tinyPdf(): Uint8Array {
  const objects = [
    '<</CreationDate (D:20991231235959+00\'00\')\n/ModDate (D:20991231235959+00\'00\')>>',
    '<</Type /Catalog\n/Pages 3 0 R\n/Dests 7 0 R>>',
    '<</Type /Pages\n/Kids [4 0 R 5 0 R]\n/Count 3>>',
    '<</Type /Page\n/Parent 3 0 R>>',
    '<</Type /Pages\n/Parent 3 0 R\n/Kids [6 0 R 8 0 R]\n/Count 2>>',
    '<</Type /Page\n/Parent 5 0 R>>',
    '<</land [6 0 R /XYZ 0 842 0]\n/land.2#2E1 [8 0 R /XYZ 0 500 0]\n/opinions [4 0 R /XYZ 0 842 0]>>',
    '<</Type /Page\n/Parent 5 0 R>>',
  ];
  let text = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(text.length);
    text += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  text += `trailer\n<</Size ${objects.length + 1}\n/Root 2 0 R\n/Info 1 0 R>>\nstartxref\n${xref}\n%%EOF`;
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

describe('the booklet date', () => {
  it('takes --date first, then SOURCE_DATE_EPOCH, then the handbook\'s edition date, then today', () => {
    expect(resolveBookletDate({ date: '2026-01-15', sourceDateEpoch: '0' })).toEqual({ date: '2026-01-15', fixed: new Date('2026-01-15T00:00:00Z') });
    expect(resolveBookletDate({ sourceDateEpoch: '1767225600' })).toEqual({ date: '2026-01-01', fixed: new Date('2026-01-01T00:00:00Z') });
    expect(resolveBookletDate({ now: new Date(2026, 4, 6, 12) })).toEqual({ date: '2026-05-06' });
    // The handbook's edition date is fixed (no clock), and gives way to --date and SOURCE_DATE_EPOCH.
    expect(resolveBookletDate({ edition: '2026-01-01', now: new Date(2026, 4, 6, 12) })).toEqual({ date: '2026-01-01', fixed: new Date('2026-01-01T00:00:00Z') });
    expect(resolveBookletDate({ edition: '2026-01-01', sourceDateEpoch: '1767225600' })).toMatchObject({ date: '2026-01-01' });
    expect(resolveBookletDate({ edition: '2026-01-01', sourceDateEpoch: '1769904000' })).toMatchObject({ date: '2026-02-01' });
    expect(resolveBookletDate({ edition: '2026-01-01', date: '2026-03-01', sourceDateEpoch: '1769904000' })).toMatchObject({ date: '2026-03-01' });
  });

  it('refuses a date that does not exist and an epoch that is not a number', () => {
    expect(resolveBookletDate({ date: '2026-02-30' })).toHaveProperty('error');
    expect(resolveBookletDate({ date: '15.1.2026' })).toHaveProperty('error');
    expect(resolveBookletDate({ sourceDateEpoch: 'yesterday' })).toHaveProperty('error');
  });
});

describe('finding Chromium', () => {
  it('uses an explicit path alone, from --chromium before HANDBOOK_CHROMIUM', () => {
    expect(chromiumCandidates({ explicit: '/opt/c', env: '/opt/e' })).toEqual([{ executablePath: '/opt/c' }]);
    expect(chromiumCandidates({ env: '/opt/e' })).toEqual([{ executablePath: '/opt/e' }]);
  });

  it('looks for an installed Chrome, then Edge, on Windows and macOS', () => {
    expect(chromiumCandidates({ platform: 'win32' })).toEqual([{ channel: 'chrome' }, { channel: 'msedge' }]);
    expect(chromiumCandidates({ platform: 'darwin' })).toEqual([{ channel: 'chrome' }, { channel: 'msedge' }]);
  });

  it('finds Debian\'s /usr/bin/chromium first on Linux', () => {
    expect(chromiumCandidates({ platform: 'linux' })[0]).toEqual({ executablePath: '/usr/bin/chromium' });
  });

  it('refuses a browser older than Chromium 131, which would print no page numbers (no CSS margin boxes)', () => {
    expect(printVersionProblem('HeadlessChrome/130.0.6723.116')).toBe('版本 130 过旧，PDF 的页码需要 Chromium 131 或更新版本');
    expect(printVersionProblem('HeadlessEdg/120.0.2210.91')).toContain('过旧');
    expect(printVersionProblem('HeadlessChrome/131.0.6778.85')).toBeUndefined();
    expect(printVersionProblem('Chrome/156.0.8078.108')).toBeUndefined();
    // A version it cannot read: the browser is tried.
    expect(printVersionProblem('')).toBeUndefined();
  });

  it('names the packages to install', () => {
    expect(INSTALL_HINT).toBe('sudo apt-get install chromium');
  });
});

describe('reading the PDF', () => {
  it('maps named destinations to 1-based pages through a nested page tree, decoding #xx', () => {
    expect(Object.fromEntries(namedDestinationPages(tinyPdf()))).toEqual({ opinions: 1, land: 2, 'land.2.1': 3 });
  });

  it('fixes CreationDate and ModDate without moving a byte', () => {
    const before = tinyPdf();
    const after = fixPdfDates(before, new Date('2026-01-15T08:09:10Z'));
    expect(after.length).toBe(before.length);
    const text = Buffer.from(after).toString('latin1');
    expect(text).toContain("/CreationDate (D:20260115080910+00'00')");
    expect(text).toContain("/ModDate (D:20260115080910+00'00')");
    // The xref still points at the same objects.
    expect(Object.fromEntries(namedDestinationPages(after))).toEqual({ opinions: 1, land: 2, 'land.2.1': 3 });
  });
});
