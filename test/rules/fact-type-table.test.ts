// The fact types are one table (src/model/fact-types.ts) plus one `satisfies Record<FactType, …>`
// table at each stage that reads or writes a typed value. Adding a type to `FactType` is
// therefore a compile error at exactly those tables — nowhere can a new type silently fall
// through to another type's behaviour (an unreadable profile value, a schema without a type,
// SQL without a column type).
import { describe, expect, it } from 'vitest';
import { typecheckEdited } from '../helpers/typecheck.js';

// Each table that must say what a new type does, and so must fail to compile until it does.
const TABLES = [
  'src/export/sql.ts', // the column type per dialect
  'src/model/fact-types.ts', // label, ordering, values, how it is asked
  'src/profile/schema.ts', // its JSON Schema
  'src/profile/values.ts', // reading a value from YAML/JSON and from text (CSV, --set)
  'src/validate/rule.ts', // which comparison values a rule may give it
];

describe('the fact-type table', () => {
  // Ensure a new fact type fails to compile at every per-type table and nowhere else.
  it('makes a new fact type a compile error at each table that must handle it', () => {
    const r = typecheckEdited([{ file: 'model/index.ts', from: "export type FactType = 'boolean' | 'number' | 'enum' | 'string';", to: "export type FactType = 'boolean' | 'number' | 'enum' | 'string' | 'date';" }]);
    expect(r.code).not.toBe(0);
    expect(r.files).toEqual(TABLES);
  }, 180_000);
});
