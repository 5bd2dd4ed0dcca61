//! The booklet as one self-contained HTML file.
//! In: a BookletView (see view.ts), the templates folder, and optionally the in-page search
//! (its bundled script and its data). Out: HTML text with the CSS and the script inline, a
//! Content-Security-Policy that allows nothing but those (by hash), and no external reference.
//! Deterministic: the same view gives the same bytes.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderMarkdownFragment } from './markdown.js';
import { citedTitleHtml } from './typeset.js';
import { renderTemplate } from './template.js';
import type { BookletView, FragmentRef } from './view.js';
import type { PageSelfCheck } from './self-check.js';

/** templates/booklet of the package: dist/render/html.js → ../../templates/booklet. */
export const DEFAULT_TEMPLATES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates', 'booklet');

export interface Templates {
  page: string;
  css: string;
  partials: Record<string, string>;
}

export function loadTemplates(dir = DEFAULT_TEMPLATES_DIR): Templates {
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  return {
    page: read('page.html'),
    css: read('booklet.css'),
    partials: {
      cover: read('cover.html'),
      toc: read('toc.html'),
      policy: read('policy.html'),
      'fact-index': read('fact-index.html'),
      'self-check': read('self-check.html'),
    },
  };
}

/** The in-page search: a bundled script and the JSON it reads (handbook + index). */
export interface PageSearch {
  script: string;
  data: unknown;
}

/** JSON that is safe inside <script type="application/json">: no `<`, no U+2028/2029 surprises. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Renders every body fragment of the view (in place) through the Markdown pipeline. */
export async function renderFragments(view: BookletView): Promise<void> {
  const jobs: Promise<void>[] = [];
  const run = (f: FragmentRef | undefined) => {
    if (!f) return;
    jobs.push(
      renderMarkdownFragment(f.markdown, {
        key: f.key,
        headingLevel: f.headingLevel,
        ids: view.ids,
        ...(f.lead ? { lead: f.lead } : {}),
        ...(view.lexicon ? { lexicon: view.lexicon } : {}),
      }).then((html) => {
        f.html = html;
      }),
    );
  };
  for (const p of view.policies) {
    run(p.preamble);
    for (const s of p.sections) {
      run(s.intro);
      for (const c of s.clauses) run(c.fragment);
    }
  }
  await Promise.all(jobs);
}

/** The whole page. Fragments must have been rendered (renderFragments). */
export function renderPage(view: BookletView, templates: Templates, search?: PageSearch, selfCheck?: PageSelfCheck): string {
  // A script must not contain "</script" and the CSS not "</style"; ours never do, but a
  // template edit could: fail loudly instead of writing a broken page.
  if (/<\/style/i.test(templates.css)) throw new Error('booklet.css 中不能出现 "</style"');
  if (search && /<\/script/i.test(search.script)) throw new Error('页内检索脚本中不能出现 "</script"');
  if (selfCheck && /<\/script/i.test(selfCheck.script)) throw new Error('页内自查脚本中不能出现 "</script"');
  const scripts = [search?.script, selfCheck?.script].filter((s): s is string => s !== undefined);
  const csp = [
    "default-src 'none'",
    `style-src ${sha256(templates.css)}`,
    scripts.length ? `script-src ${scripts.map(sha256).join(' ')}` : "script-src 'none'",
    "img-src 'none'",
    "font-src 'none'",
    "connect-src 'none'",
    "media-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return renderTemplate(
    templates.page,
    {
      ...view,
      css: templates.css,
      csp,
      searchEnabled: search !== undefined,
      searchScript: search?.script ?? '',
      searchData: search ? jsonForScript(search.data) : '',
      barEnabled: search !== undefined || selfCheck !== undefined,
      selfCheckEnabled: selfCheck !== undefined,
      selfCheck: selfCheck && {
        ...selfCheck.view,
        // Each row's source, typeset as the fact index's: the title breaks only between words.
        provisions: selfCheck.view.provisions.map((r) => ({ ...r, citedTitleHtml: citedTitleHtml(`《${r.policyTitle}》`, view.lexicon) })),
      },
      selfCheckScript: selfCheck?.script ?? '',
      selfCheckData: selfCheck ? jsonForScript(selfCheck.data) : '',
    },
    templates.partials,
    'page.html',
  );
}
