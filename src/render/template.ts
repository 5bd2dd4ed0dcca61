//! A small logic-less template language for the booklet's files under templates/.
//! In: template text and a view (plain data). Out: HTML text.
//! Syntax (a subset of Mustache): `{{name}}` escaped, `{{{name}}}` raw, dotted paths
//! (`{{policy.title}}`), `{{.}}` the current item, `{{#name}}…{{/name}}` repeats for each item
//! of a list or shows once when truthy, `{{^name}}…{{/name}}` shows when falsy or empty,
//! `{{> partial}}` includes another template, `{{! comment }}` is dropped.

export type Partials = Readonly<Record<string, string>>;

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'var'; path: string; raw: boolean }
  | { kind: 'section'; path: string; inverted: boolean; children: Node[] }
  | { kind: 'partial'; name: string };

const TAG = /\{\{(\{?)\s*([#^/>!]?)\s*([^}]*?)\s*\}?\}\}/g;

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

function parse(source: string, name: string): Node[] {
  const root: Node[] = [];
  const stack: { path: string; children: Node[] }[] = [{ path: '', children: root }];
  let last = 0;
  for (const m of source.matchAll(TAG)) {
    const top = stack[stack.length - 1]!;
    const [, brace, sigil, path] = m as unknown as [string, string, string, string];
    // A section, comment or partial tag alone on its line takes the whole line with it,
    // so the output has no blank or whitespace-only lines where the template had tags.
    let textEnd = m.index;
    let next = m.index + m[0].length;
    if ('#^/!>'.includes(sigil) && sigil !== '') {
      const lineStart = source.lastIndexOf('\n', m.index - 1) + 1;
      const nl = source.indexOf('\n', next);
      const lineEnd = nl === -1 ? source.length : nl;
      if (lineStart >= last && /^[ \t]*$/.test(source.slice(lineStart, m.index)) && /^[ \t\r]*$/.test(source.slice(next, lineEnd))) {
        textEnd = lineStart;
        next = nl === -1 ? source.length : nl + 1;
      }
    }
    if (textEnd > last) top.children.push({ kind: 'text', text: source.slice(last, textEnd) });
    last = next;
    if (sigil === '!') continue;
    if (sigil === '#' || sigil === '^') {
      const node: Node = { kind: 'section', path, inverted: sigil === '^', children: [] };
      top.children.push(node);
      stack.push({ path, children: node.children });
    } else if (sigil === '/') {
      if (stack.length === 1 || top.path !== path) throw new Error(`模板 ${name}：{{/${path}}} 没有对应的开始标记`);
      stack.pop();
    } else if (sigil === '>') {
      top.children.push({ kind: 'partial', name: path });
    } else {
      top.children.push({ kind: 'var', path, raw: brace === '{' });
    }
  }
  if (stack.length > 1) throw new Error(`模板 ${name}：{{#${stack[stack.length - 1]!.path}}} 没有结束标记`);
  if (last < source.length) root.push({ kind: 'text', text: source.slice(last) });
  return root;
}

function lookup(contexts: readonly unknown[], path: string): unknown {
  if (path === '.') return contexts[contexts.length - 1];
  const [head, ...rest] = path.split('.');
  for (let i = contexts.length - 1; i >= 0; i--) {
    const ctx = contexts[i];
    if (ctx !== null && typeof ctx === 'object' && head! in ctx) {
      let value: unknown = (ctx as Record<string, unknown>)[head!];
      for (const key of rest) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
      return value;
    }
  }
  return undefined;
}

/** Renders `template` with `view`; `partials` are other templates by name. Throws on a malformed template. */
export function renderTemplate(template: string, view: unknown, partials: Partials = {}, name = 'template'): string {
  const cache = new Map<string, Node[]>();
  const compiled = (src: string, n: string): Node[] => {
    let nodes = cache.get(n);
    if (!nodes) cache.set(n, (nodes = parse(src, n)));
    return nodes;
  };
  const emit = (nodes: readonly Node[], contexts: unknown[], depth: number): string => {
    if (depth > 20) throw new Error(`模板 ${name}：局部模板嵌套过深`);
    let s = '';
    for (const node of nodes) {
      if (node.kind === 'text') s += node.text;
      else if (node.kind === 'var') {
        const v = lookup(contexts, node.path);
        const text = v === undefined || v === null || v === false ? '' : String(v);
        s += node.raw ? text : escapeHtml(text);
      } else if (node.kind === 'partial') {
        const src = partials[node.name];
        if (src === undefined) throw new Error(`模板 ${name}：找不到局部模板 "${node.name}"`);
        s += emit(compiled(src, node.name), contexts, depth + 1);
      } else {
        const v = lookup(contexts, node.path);
        const empty = v === undefined || v === null || v === false || v === '' || v === 0 || (Array.isArray(v) && v.length === 0);
        if (node.inverted) {
          if (empty) s += emit(node.children, contexts, depth);
        } else if (!empty) {
          if (Array.isArray(v)) for (const item of v) s += emit(node.children, [...contexts, item], depth);
          else s += emit(node.children, [...contexts, v], depth);
        }
      }
    }
    return s;
  };
  return emit(compiled(template, name), [view], 0);
}
