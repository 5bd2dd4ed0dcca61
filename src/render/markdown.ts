//! Untrusted Markdown → safe HTML fragments, through unified: remark-parse, remark-gfm,
//! remark-rehype, rehype-sanitize, rehype-stringify.
//! In: one fragment of a policy body (preamble, a section's intro, one clause) and where it
//! stands. Out: HTML with no raw HTML, no script, no event handlers, no `javascript:` or other
//! dangerous URLs, no styles, no embedded content and no image that would load anything.
//! Raw HTML in the Markdown is dropped entirely (remark-rehype without allowDangerousHtml);
//! the sanitizer (GitHub's schema, minus images) is the second wall, and the page's
//! Content-Security-Policy the third.

import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import type { Element, ElementContent, Root, RootContent, Text } from 'hast';
import type { Lexicon } from '../search-index/index.js';
import { CITED_TITLE, citedTitleHtml, keepTogether, keepTogetherPieces } from './typeset.js';
import { findTooDeep, tooDeepWords, TREE_DEPTH_LIMIT, MAX_NESTING } from '../text/depth.js';

/**
 * A fragment nested deeper than the one limit lint and build enforce (src/text/depth.ts):
 * never handed to the tree walkers, which recurse once per level. Only a handbook that was
 * not validated gets here (the CLI renders only what compiled without errors).
 */
export class MarkdownTooDeepError extends Error {
  override name = 'MarkdownTooDeepError';
  readonly code = 'body/too-deep';
  constructor(
    message: string,
    /** The fragment's key (a clause id…) and the 1-based line and column within it. */
    readonly key: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

/** Refuses a parsed tree deeper than TREE_DEPTH_LIMIT (measured without recursion), before any walker sees it. */
function refuseDeepTree(key: string) {
  return (tree: Root) => {
    const stack: { node: { children?: unknown[]; position?: { start: { line: number; column: number } } }; depth: number }[] = [{ node: tree as never, depth: 0 }];
    while (stack.length > 0) {
      const { node, depth } = stack.pop()!;
      if (depth > TREE_DEPTH_LIMIT) {
        const at = node.position?.start ?? { line: 1, column: 1 };
        throw new MarkdownTooDeepError(`正文嵌套过深：超过 ${MAX_NESTING} 层的上限 [body/too-deep]`, key, at.line, at.column);
      }
      for (const child of node.children ?? []) stack.push({ node: child as never, depth: depth + 1 });
    }
  };
}

/** Where a fragment stands, which decides its ids, heading levels and links. */
export interface FragmentContext {
  /** Unique key of the fragment (e.g. the clause id); prefixes footnote ids. */
  key: string;
  /** Level that Markdown headings in this fragment are printed at (all of them). */
  headingLevel: 3 | 4 | 5 | 6;
  /** Ids present in the page: a `#id` link to anything else is printed as plain text. */
  ids: ReadonlySet<string>;
  /** A clause's printed lead-in, e.g. "（一）用地指标倾斜。", set in the lead style when it opens the fragment. */
  lead?: string;
  /** The corpus's lexicon: titles cited as 《…》 break only between its words (and ICU's). */
  lexicon?: Lexicon;
}

/** GitHub's schema without images (they would load from outside) and without id clobbering:
 * the only ids Markdown can produce are footnotes', which carry a `user-content-…` prefix. */
export const SANITIZE_SCHEMA: SanitizeSchema = {
  ...defaultSchema,
  tagNames: (defaultSchema.tagNames ?? []).filter((t) => t !== 'img' && t !== 'picture' && t !== 'source'),
  clobber: [],
  clobberPrefix: '',
};

function isElement(node: unknown, tag?: string): node is Element {
  return typeof node === 'object' && node !== null && (node as Element).type === 'element' && (tag === undefined || (node as Element).tagName === tag);
}

function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}

/** Before sanitizing: images become their alt text, so nothing is fetched. */
function imagesToText() {
  return (tree: Root) => {
    const walk = (parent: Root | Element) => {
      parent.children = parent.children.map((child) => {
        if (isElement(child, 'img')) {
          const alt = String(child.properties?.alt ?? '').trim();
          return { type: 'text', value: alt ? `〔图：${alt}〕` : '〔图〕' } satisfies Text;
        }
        if (isElement(child)) walk(child);
        return child;
      }) as typeof parent.children;
    };
    walk(tree);
  };
}

/** After sanitizing: heading levels, dangling in-page links, the clause's lead-in. */
function placeFragment(ctx: FragmentContext) {
  const labelId = `user-content-${ctx.key}-footnote-label`;
  return (tree: Root) => {
    const walk = (parent: Root | Element) => {
      parent.children = parent.children.map((child) => {
        if (!isElement(child)) return child;
        walk(child);
        if (/^h[1-6]$/.test(child.tagName)) child.tagName = `h${ctx.headingLevel}`;
        // GFM footnotes label their list with a fixed id; make it unique to the fragment.
        if (child.properties?.id === 'footnote-label') child.properties.id = labelId;
        if (child.properties?.ariaDescribedBy !== undefined) child.properties.ariaDescribedBy = [labelId];
        if (child.tagName === 'a') {
          const href = String(child.properties?.href ?? '');
          // A link whose URL the sanitizer removed (javascript: and the like) is just text.
          if (href === '') return { type: 'element', tagName: 'span', properties: {}, children: child.children };
          if (href.startsWith('#')) {
            let target = href.slice(1);
            try {
              target = decodeURIComponent(target);
            } catch {
              /* keep as written */
            }
            const internal = target.startsWith(`user-content-`) || ctx.ids.has(target);
            if (!internal) return { type: 'element', tagName: 'span', properties: { className: ['dangling-link'] }, children: child.children };
            child.properties = { ...child.properties, href: `#${target}` };
          } else {
            child.properties = { ...child.properties, rel: ['noopener', 'noreferrer'] };
          }
        }
        return child;
      }) as typeof parent.children;
      // Paragraphs left empty once raw HTML is gone.
      parent.children = parent.children.filter((c) => !(isElement(c, 'p') && c.children.every((t) => t.type === 'text' && t.value.trim() === ''))) as typeof parent.children;
    };
    walk(tree);
    if (ctx.lead) markLead(tree, ctx.lead);
    keepCitedTitlesWhole(tree, ctx.lexicon);
    keepNumbersWithUnits(tree);
    escapeGreaterThan(tree);
  };
}

/** Every title cited as 《…》 within one text node in <span class="cite">: it breaks only between words. */
function keepCitedTitlesWhole(tree: Root, lexicon: Lexicon | undefined): void {
  const walk = (parent: Root | Element) => {
    parent.children = (parent.children as RootContent[]).flatMap((child): RootContent[] => {
      if (isElement(child)) {
        if (child.tagName !== 'code' && child.tagName !== 'pre') walk(child);
        return [child];
      }
      if (child.type !== 'text' || !child.value.includes('《')) return [child];
      const out: RootContent[] = [];
      let at = 0;
      for (const m of child.value.matchAll(CITED_TITLE)) {
        if (m.index > at) out.push({ type: 'text', value: child.value.slice(at, m.index) });
        out.push({ type: 'raw', value: citedTitleHtml(m[0], lexicon) });
        at = m.index + m[0].length;
      }
      if (at === 0) return [child];
      if (at < child.value.length) out.push({ type: 'text', value: child.value.slice(at) });
      return out;
    }) as typeof parent.children;
  };
  walk(tree);
}

/** Every number with its unit (100万元, ≥ 50%) in <span class="nb">: never split over two lines. */
function keepNumbersWithUnits(tree: Root): void {
  const walk = (parent: Root | Element) => {
    parent.children = (parent.children as RootContent[]).flatMap((child): RootContent[] => {
      if (isElement(child)) {
        if (child.tagName !== 'code' && child.tagName !== 'pre') walk(child);
        return [child];
      }
      if (child.type !== 'text') return [child];
      const pieces = keepTogetherPieces(child.value);
      if (pieces.length === 1 && !pieces[0]![1]) return [child];
      return pieces.map(([value, nb]): RootContent => (nb ? { type: 'raw', value: keepTogether(value) } : { type: 'text', value }));
    }) as typeof parent.children;
  };
  walk(tree);
}

/**
 * The stringifier leaves ">" in text as is (valid HTML, but validators and some readers
 * prefer "&gt;"). Runs after sanitizing, so these `raw` nodes and keepNumbersWithUnits' (text
 * escaped by keepTogether) are the only ones in the tree:
 * remark-rehype makes none without allowDangerousHtml, and the sanitizer drops any.
 */
function escapeGreaterThan(tree: Root): void {
  const walk = (parent: Root | Element) => {
    parent.children = (parent.children as RootContent[]).flatMap((child): RootContent[] => {
      if (isElement(child)) walk(child);
      if (child.type !== 'text' || !child.value.includes('>')) return [child];
      return child.value.split('>').flatMap((part, i) => [
        ...(i > 0 ? [{ type: 'raw', value: '&gt;' } as RootContent] : []),
        ...(part ? [{ type: 'text', value: part } as RootContent] : []),
      ]);
    }) as typeof parent.children;
  };
  walk(tree);
}

/** Wraps the clause's opening words (（一）用地指标倾斜。) in <span class="lead">. */
function markLead(tree: Root, lead: string): void {
  const first = tree.children.find((c) => isElement(c));
  if (!isElement(first, 'p')) return;
  const head = first.children[0];
  if (!head || head.type !== 'text' || !head.value.startsWith(lead)) {
    // The lead-in may be bold already (**（一）…**); then it is styled as strong.
    if (head && isElement(head, 'strong') && textOf(head).startsWith(lead.slice(0, 3))) head.properties = { ...head.properties, className: ['lead'] };
    return;
  }
  first.children.splice(0, 1, { type: 'element', tagName: 'span', properties: { className: ['lead'] }, children: [{ type: 'text', value: lead }] }, {
    type: 'text',
    value: head.value.slice(lead.length),
  });
}

/** Renders one untrusted Markdown fragment to sanitized HTML (a MarkdownTooDeepError for one over the nesting limit). */
export async function renderMarkdownFragment(markdown: string, ctx: FragmentContext): Promise<string> {
  if (markdown.trim() === '') return '';
  const deep = findTooDeep(markdown);
  if (deep) throw new MarkdownTooDeepError(`${tooDeepWords(deep)} [body/too-deep]`, ctx.key, deep.line, deep.column);
  const file = await unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(refuseDeepTree, ctx.key)
    .use(remarkRehype, {
      clobberPrefix: `user-content-${ctx.key}-`,
      footnoteLabel: '注释',
      footnoteLabelTagName: 'p',
      footnoteBackLabel: '返回正文',
    })
    .use(imagesToText)
    .use(rehypeSanitize, SANITIZE_SCHEMA)
    .use(placeFragment, ctx)
    .use(rehypeStringify, { allowDangerousHtml: true })
    .process(markdown);
  return String(file);
}
