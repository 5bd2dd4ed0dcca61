//! The profile's JSON Schema, generated from facts.yaml: for editors (YAML language
//! servers, VS Code) and for scripts in other languages that write profiles.
//! In: the handbook's meta and facts. Out: a JSON Schema (draft 2020-12) object.
//! A document valid against it is always accepted by `handbook check`; check also
//! accepts a few friendlier spellings (是/否 for booleans) that the schema leaves out.

import type { Fact, FactType, Handbook } from '../model/index.js';
import { NAME_FIELD } from './values.js';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** Per fact type: the keywords of its JSON Schema (`null` always means unknown). */
const TYPE_SCHEMA = {
  number: (f) => ({
    type: ['number', 'null'],
    ...(f.min !== undefined ? { minimum: f.min } : {}),
    ...(f.max !== undefined ? { maximum: f.max } : {}),
    ...(f.unit !== undefined ? { 'x-unit': f.unit } : {}),
  }),
  boolean: () => ({ type: ['boolean', 'null'] }),
  enum: (f) => ({ enum: [...(f.values ?? []), null] }),
  string: () => ({ type: ['string', 'null'] }),
} satisfies Record<FactType, (fact: Fact) => Record<string, unknown>>;

function factSchema(fact: Fact): Record<string, unknown> {
  return { title: fact.label, description: fact.question, ...TYPE_SCHEMA[fact.type](fact) };
}

/**
 * The JSON Schema of a profile of this handbook: an object whose keys are fact ids
 * (plus `name`), each value typed as facts.yaml declares it; `null` means unknown.
 *
 * @example
 * const schema = profileJsonSchema(handbook);
 * schema.properties.paid_in_wan; // { title: '到位资金', type: ['number', 'null'], minimum: 0, … }
 */
export function profileJsonSchema(handbook: Pick<Handbook, 'meta' | 'facts'>): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    [NAME_FIELD]: { title: '企业名称', description: '企业名称，显示在报告和批量输出中', type: ['string', 'null'] },
  };
  for (const f of handbook.facts) properties[f.id] = factSchema(f);
  return {
    $schema: JSON_SCHEMA_DIALECT,
    title: `企业画像（${handbook.meta.title} ${handbook.meta.version}）`,
    description: '键为 facts.yaml 中声明的事实 id（另可写 name）；未写或为 null 的事实按“未知”处理。',
    type: 'object',
    properties,
    additionalProperties: false,
  };
}
