//! One policy file's front matter and body → Policy.
//! In: a RawPolicy and the fact table. Out: a Policy (or undefined) and diagnostics for
//! missing, unknown or mistyped fields, bad provisions and rules, clauses not in the body.

import { isMap, isScalar, isSeq } from 'yaml';
import type { Policy, Provenance, Provision, Section, SourcePosition, Tier } from '../model/index.js';
import { DiagnosticBag } from '../diagnostics/index.js';
import { positionOf, type RawPolicy, type YamlSource } from '../load/parse.js';
import { parseBody, parseChineseNumeral } from './body.js';
import { expectMap, ID_PATTERN, MapReader, typeName } from './fields.js';
import { parseRule, type FactTable } from './rule.js';

const PROVENANCES: readonly Provenance[] = ['confirmed', 'partial', 'illustrative'];

export interface PolicyResult {
  policy?: Policy;
  /** The body's `#id` links, checked once every policy's ids are known. */
  references: { target: string; line: number; column: number }[];
  /**
   * What the file declares even when its front matter has errors (a bad date, an unknown
   * provenance, YAML that does not parse): its id, its parent, and the anchors its body and
   * provisions define. Links and `parent:` naming them from other files are then not false
   * errors; the file's own mistakes are reported at their own lines.
   */
  declared?: DeclaredPolicy;
}

export interface DeclaredPolicy {
  id: string;
  at: SourcePosition;
  parent?: { id: string; at: SourcePosition };
  /** The policy id, its section and clause ids, and its provision ids. */
  anchors: string[];
}

/** The ids a parsed body defines. */
function bodyAnchors(sections: readonly Section[]): string[] {
  return sections.flatMap((s) => [s.id, ...s.clauses.map((c) => c.id)]);
}

/** Turns `二（一）`, `2.1`, `land.2.1`, `二` or `2` into a clause id of `policyId`. */
export function resolveClauseRef(policyId: string, ref: string): string | undefined {
  const s = ref.trim();
  if (s.startsWith(`${policyId}.`)) return s;
  const arabic = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (arabic) return arabic[2] ? `${policyId}.${Number(arabic[1])}.${Number(arabic[2])}` : `${policyId}.${Number(arabic[1])}`;
  const chinese = /^([〇零一二两三四五六七八九十百]+)、?(?:[（(]([〇零一二两三四五六七八九十百]+)[）)])?$/.exec(s);
  if (chinese) {
    const sec = parseChineseNumeral(chinese[1]!);
    const cl = chinese[2] ? parseChineseNumeral(chinese[2]) : undefined;
    if (sec === undefined) return undefined;
    return cl === undefined ? `${policyId}.${sec}` : `${policyId}.${sec}.${cl}`;
  }
  return undefined;
}

export function validatePolicy(raw: RawPolicy, table: FactTable, diagnostics: DiagnosticBag): PolicyResult {
  const src = raw.frontMatter;
  if (!src) {
    // Unparseable front matter: the ids it declares still count, and its body is still checked.
    const d = raw.declared;
    if (!d) return { references: [] };
    const body = parseBody(d.id, raw.file, raw.body, raw.bodyLine, diagnostics);
    return { references: body.references, declared: { id: d.id, at: d.at, anchors: [d.id, ...bodyAnchors(body.sections), ...d.provisionIds] } };
  }
  const map = expectMap(src, src.doc.contents, diagnostics, '前置信息');
  if (!map) return { references: [] };
  const r = new MapReader(src, map, diagnostics, '前置信息');
  const idNode = r.node('id');
  const writtenId = isScalar(idNode) && typeof idNode.value === 'string' && idNode.value.trim() !== '' ? idNode.value.trim() : undefined;
  const id = r.id('id', true);
  const title = r.string('title', true);
  const issuer = r.string('issuer', true);
  const number = r.string('number', false);
  const date = r.date('date', true, true);
  const effective = r.date('effective', true, false);
  const expires = r.date('expires', false, false);
  const parent = r.id('parent', false);
  const provenanceNode = r.node('provenance');
  const provenance = r.string('provenance', true, PROVENANCES.join(' | '));
  const sources = r.stringList('sources', false) ?? [];
  const tags = r.stringList('tags', false) ?? [];
  const provisionsNode = r.node('provisions');
  r.checkUnknownKeys();

  if (provenance !== undefined && !PROVENANCES.includes(provenance as Provenance)) {
    diagnostics.error('front-matter/value', `provenance 的值 "${provenance}" 未知，应为 ${PROVENANCES.join('、')} 之一`, r.at(provenanceNode));
  }
  if (effective !== undefined && expires !== undefined && expires < effective) {
    diagnostics.error('front-matter/value', `失效日期 ${expires} 早于生效日期 ${effective}`, r.at(r.node('expires')));
  }
  if (provenance === 'confirmed' && sources.length === 0) {
    diagnostics.warning('front-matter/missing-field', 'provenance 为 confirmed 的文件应在 sources 中列出依据', r.at(provenanceNode));
  }

  // A malformed id still names the file's anchors: links to them are not reported twice.
  const policyId = id ?? writtenId ?? '?';
  const body = parseBody(policyId, raw.file, raw.body, raw.bodyLine, diagnostics);
  if (provenance === 'illustrative' && !/示例|演示|illustrative/i.test(body.preamble)) {
    diagnostics.error(
      'policy/illustrative-note',
      '示例文本（provenance: illustrative）的正文开头应有醒目说明，例如 "> 说明：本文件为示例文本，条款与数额仅作演示，请以正式文件为准。"',
      { file: raw.file, line: raw.bodyLine, column: 1 },
    );
  }

  const clauseIds = new Set<string>();
  for (const s of body.sections) {
    clauseIds.add(s.id);
    for (const c of s.clauses) clauseIds.add(c.id);
  }

  const provisions: Provision[] = [];
  if (provisionsNode !== undefined && !(isScalar(provisionsNode) && provisionsNode.value === null)) {
    if (!isSeq(provisionsNode)) {
      r.wrongType('provisions', provisionsNode, '条目列表');
    } else {
      for (const item of provisionsNode.items) {
        const p = readProvision(src, item, policyId, clauseIds, table, diagnostics);
        if (p) provisions.push(p);
      }
    }
  }

  const declared: DeclaredPolicy | undefined =
    writtenId === undefined
      ? undefined
      : {
          id: policyId,
          at: r.at(idNode),
          anchors: [policyId, ...bodyAnchors(body.sections), ...writtenProvisionIds(provisionsNode, policyId)],
          ...(parent !== undefined ? { parent: { id: parent, at: r.at(r.node('parent')) } } : {}),
        };
  if (
    id === undefined ||
    title === undefined ||
    issuer === undefined ||
    date === undefined ||
    effective === undefined ||
    !PROVENANCES.includes(provenance as Provenance)
  ) {
    return declared ? { references: body.references, declared } : { references: body.references };
  }
  const policy: Policy = {
    id,
    title,
    issuer,
    date,
    effective,
    provenance: provenance as Provenance,
    sources,
    tags,
    file: raw.file,
    preamble: body.preamble,
    body: raw.body,
    bodyLine: raw.bodyLine,
    sections: body.sections,
    provisions,
  };
  if (number !== undefined) policy.number = number;
  if (expires !== undefined) policy.expires = expires;
  if (parent !== undefined) policy.parent = parent;
  return declared ? { policy, references: body.references, declared } : { policy, references: body.references };
}

/** The provision ids written as `<policy id>.<name>`, valid or not otherwise. */
function writtenProvisionIds(node: unknown, policyId: string): string[] {
  if (!isSeq(node)) return [];
  return node.items.flatMap((item) => {
    const idNode = isMap(item) ? item.get('id', true) : undefined;
    const v = isScalar(idNode) && typeof idNode.value === 'string' ? idNode.value.trim() : '';
    return v.startsWith(`${policyId}.`) ? [v] : [];
  });
}

function readProvision(
  src: YamlSource,
  node: unknown,
  policyId: string,
  clauseIds: Set<string>,
  table: FactTable,
  diagnostics: DiagnosticBag,
): Provision | undefined {
  const map = expectMap(src, node, diagnostics, '条目');
  if (!map) return undefined;
  const idNode = map.items.find((p) => isScalar(p.key) && p.key.value === 'id')?.value;
  const rawId = isScalar(idNode) ? String(idNode.value) : undefined;
  const r = new MapReader(src, map, diagnostics, `条目${rawId ? ` "${rawId}" ` : ''}`);
  const id = r.string('id', true, `"${policyId}.名称" 形式的 id`);
  const title = r.string('title', true);
  const grants = r.string('grants', true);
  const clauseNode = r.node('clause');
  const clause = r.string('clause', true, '条款编号，如 "二（一）" 或 "2.1"');
  const ruleNode = r.node('rule');
  const tiersNode = r.node('tiers');
  r.checkUnknownKeys();

  let ok = true;
  if (id !== undefined) {
    const slug = id.startsWith(`${policyId}.`) ? id.slice(policyId.length + 1) : undefined;
    if (slug === undefined || !ID_PATTERN.test(slug)) {
      diagnostics.error('provision/bad-id', `条目 id "${id}" 应为 "${policyId}.名称"（名称为小写字母、数字、-）`, r.at(idNode));
      ok = false;
    }
  }
  if (ruleNode === undefined) r.missing('rule', '适用条件（规则）');
  const rule = ruleNode === undefined ? undefined : parseRule(src, ruleNode, table, diagnostics);

  let clauseId: string | undefined;
  if (clause !== undefined) {
    clauseId = resolveClauseRef(policyId, clause);
    if (clauseId === undefined) {
      diagnostics.error('provision/missing-clause', `无法识别的条款编号 "${clause}"，应写成 "二（一）"、"2.1" 或 "${policyId}.2.1"`, r.at(clauseNode));
      ok = false;
    } else if (!clauseIds.has(clauseId)) {
      diagnostics.error('provision/missing-clause', `条目引用的条款 "${clause}"（${clauseId}）在正文中不存在`, r.at(clauseNode));
      ok = false;
    }
  }

  const tiers: Tier[] = [];
  if (tiersNode !== undefined) {
    if (!isSeq(tiersNode) || tiersNode.items.length === 0) {
      diagnostics.error('tier/syntax', `tiers 应为非空列表（每项含 when 与 amount），实际为${typeName(tiersNode)}`, r.at(tiersNode));
      ok = false;
    } else {
      for (const item of tiersNode.items) {
        const tmap = expectMap(src, item, diagnostics, '金额档次');
        if (!tmap) {
          ok = false;
          continue;
        }
        const tr = new MapReader(src, tmap, diagnostics, '金额档次');
        const whenNode = tr.node('when');
        const amount = tr.number('amount', true);
        const unit = tr.string('unit', false) ?? '万元';
        const text = tr.string('text', false);
        tr.checkUnknownKeys();
        if (whenNode === undefined) {
          diagnostics.error('tier/syntax', '金额档次缺少 when（取得该金额的条件）', tr.at(tmap));
          ok = false;
          continue;
        }
        const when = parseRule(src, whenNode, table, diagnostics);
        if (when === undefined || amount === undefined) {
          ok = false;
          continue;
        }
        const tier: Tier = { when, amount, unit };
        if (text !== undefined) tier.text = text;
        tiers.push(tier);
      }
    }
  }

  if (!ok || id === undefined || title === undefined || grants === undefined || rule === undefined || clauseId === undefined) return undefined;
  return { id, policy: policyId, title, grants, rule, tiers, clause: clauseId, source: positionOf(src, map) };
}
