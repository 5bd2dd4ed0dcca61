import { describe, expect, it } from 'vitest';
import { escapeHtml, renderTemplate } from '../../src/render/template.js';

describe('booklet templates', () => {
  it('escapes {{x}} and leaves {{{x}}} raw', () => {
    expect(renderTemplate('<p>{{a}}</p>{{{a}}}', { a: '<b x="1">&\'' })).toBe('<p>&lt;b x=&quot;1&quot;&gt;&amp;&#39;</p><b x="1">&\'');
  });

  it('repeats a section per item, shows it once for a truthy value and hides it for 0, "" and []', () => {
    const t = '{{#xs}}[{{.}}]{{/xs}}{{#on}}on{{/on}}{{#n}}n{{/n}}{{#e}}e{{/e}}{{^xs.length}}none{{/xs.length}}';
    expect(renderTemplate(t, { xs: [1, 2], on: true, n: 0, e: '' })).toBe('[1][2]on');
    expect(renderTemplate(t, { xs: [], on: false, n: 0, e: '' })).toBe('none');
  });

  it('looks names up through enclosing items and dotted paths', () => {
    expect(renderTemplate('{{#ps}}{{id}}:{{meta.k}}:{{top}};{{/ps}}', { top: 'T', ps: [{ id: 'a', meta: { k: 1 } }, { id: 'b' }] })).toBe('a:1:T;b::T;');
  });

  it('drops the whole line of a standalone section tag, so no whitespace-only lines remain', () => {
    expect(renderTemplate('<ul>\n  {{#xs}}\n  <li>{{.}}</li>\n  {{/xs}}\n</ul>\n', { xs: ['a'] })).toBe('<ul>\n  <li>a</li>\n</ul>\n');
  });

  it('includes partials and reports a missing one or an unclosed section', () => {
    expect(renderTemplate('<{{> p}}>', { x: 1 }, { p: '{{x}}' })).toBe('<1>');
    expect(() => renderTemplate('{{> nope}}', {})).toThrow(/nope/);
    expect(() => renderTemplate('{{#a}}', {})).toThrow(/结束标记/);
  });

  it('escapes every character that could open markup or end an attribute', () => {
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });
});
