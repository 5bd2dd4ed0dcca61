// renderBooklet, the library's use case behind `handbook render`: the same bytes as the CLI,
// the selection's problems as data, warnings through the hook, the print page always closed.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { renderBooklet } from '../../src/index.js';
import { bundledWithIndex } from '../helpers/bundled.js';
import { POLICIES } from '../helpers/cli.js';
import { loadHandbook } from '../../src/compiled/index.js';
import { read, render } from './helpers.js';

// Run from src/, the bundled page scripts are those the build put in dist/ (as the CLI finds them).
const DIST = join(import.meta.dirname, '..', '..', 'dist');
const scripts = { search: join(DIST, 'booklet-search.js'), selfCheck: join(DIST, 'booklet-check.js') };
const date = { date: '2026-01-15', fixed: new Date('2026-01-15T00:00:00Z') };

describe('renderBooklet', () => {
  // Ensure the library gives exactly the bytes `handbook render --html` writes (the CLI is only a shell over it).
  it('gives the HTML the CLI writes, byte for byte, and hands it to onHtml', async () => {
    const r = render(['--html', '$TMP/b.html', '--tag', '人才', '--date', '2026-01-15']);
    expect(r.code).toBe(0);
    // Loaded as the CLI loads it (its compiled search index included).
    const loaded = await loadHandbook({ dir: POLICIES, out: join(r.dir, '.handbook'), artefacts: true });
    const handbook = loaded.handbook!;
    const index = loaded.artefacts['search'];
    const seen: string[] = [];
    const result = await renderBooklet(handbook, { date, tags: ['人才'], searchIndex: index, scripts }, { onHtml: (html) => void seen.push(html) });
    if ('problems' in result) throw new Error(result.problems.join('\n'));
    expect(result.html).toBe(read(join(r.dir, 'b.html')));
    expect(seen).toEqual([result.html]);
    expect(result.printed).toBeGreaterThan(0);
    expect(result.pdf).toBeUndefined();
  });

  // Ensure an unknown tag is refused as data (no HTML made), and a page opened for the print is closed all the same.
  it('returns the selection\'s problems and closes the print page it was given', async () => {
    const { handbook } = bundledWithIndex();
    let closed = 0;
    const page = Promise.resolve({ browser: { close: async () => void closed++, send: async () => ({}), on: () => {} }, frameId: 'f' }) as never;
    const onHtml = () => {
      throw new Error('no HTML expected');
    };
    const result = await renderBooklet(handbook, { date, tags: ['不存在的标签'], pdf: { chromium: page } }, { onHtml });
    expect(result).toHaveProperty('problems');
    expect((result as { problems: string[] }).problems[0]).toContain('不存在的标签');
    expect(closed).toBe(1);
  });

  // Ensure a missing bundled script is a warning through the hook, and the booklet is still made without it.
  it('warns through onWarning when a page script is missing, and still renders', async () => {
    const { handbook, index } = bundledWithIndex();
    const warnings: string[] = [];
    const result = await renderBooklet(
      handbook,
      { date, policies: [handbook.policies[0]!.id], searchIndex: index, scripts: { search: '/nonexistent/search.js', selfCheck: '/nonexistent/check.js' } },
      { onWarning: (w) => void warnings.push(w) },
    );
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('/nonexistent/search.js');
    expect(warnings[1]).toContain('/nonexistent/check.js');
    expect('html' in result && result.html).toContain(handbook.policies[0]!.title);
  });
});
