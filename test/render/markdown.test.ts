import { describe, expect, it } from 'vitest';
import { renderMarkdownFragment } from '../../src/render/markdown.js';

const ids = new Set(['land', 'land.2.1']);
const md = (text: string, extra: Partial<Parameters<typeof renderMarkdownFragment>[1]> = {}) =>
  renderMarkdownFragment(text, { key: 'land.2.1', headingLevel: 4, ids, ...extra });

describe('Markdown fragments', () => {
  it('keeps in-page links to ids in the page and turns others into plain text', async () => {
    const html = await md('见[第二（一）项](#land.2.1)与[别处](#talent.2.1)。');
    expect(html).toContain('<a href="#land.2.1">第二（一）项</a>');
    expect(html).toContain('<span class="dangling-link">别处</span>');
  });

  it('prints every Markdown heading at the fragment level', async () => {
    expect(await md('# 一\n\n###### 六')).toBe('<h4>一</h4>\n<h4>六</h4>');
  });

  it('sets a clause lead-in apart', async () => {
    expect(await md('（一）用地指标倾斜。对重大回归项目……', { lead: '（一）用地指标倾斜。' })).toBe('<p><span class="lead">（一）用地指标倾斜。</span>对重大回归项目……</p>');
  });

  it('drops raw HTML, scripts, handlers and dangerous URLs', async () => {
    const html = await md(
      '<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> [a](javascript:alert(1)) [b](data:text/html,x) <iframe src="http://x/"></iframe> <div style="background:url(http://x/)">t</div> ![i](http://x/i.png)',
    );
    expect(html).not.toMatch(/<script|onerror|javascript:|data:|<iframe|style=|url\(|<img|http:\/\/x/i);
    expect(html).toContain('〔图：i〕');
  });

  it('keeps footnote ids unique to the fragment', async () => {
    const html = await md('正文[^1]。\n\n[^1]: 注释。');
    expect(html).toContain('id="user-content-land.2.1-fn-1"');
    expect(html).toContain('id="user-content-land.2.1-footnote-label"');
    expect(html).not.toContain('id="footnote-label"');
  });

  it('writes ">" in text as &gt;', async () => {
    expect(await md('a > b')).toBe('<p>a &gt; b</p>');
  });
});
