// A small fact set for evaluator tests: two booleans, a number with a unit and an enum.
import type { Fact } from '../../src/model/index.js';

export const at = { file: 'facts.yaml', line: 1, column: 1 };

export const FACTS: Fact[] = [
  { id: 'a', type: 'boolean', label: 'A', question: 'A?', source: at },
  { id: 'b', type: 'boolean', label: 'B', question: 'B?', source: at },
  { id: 'money', type: 'number', label: '到位资金', question: '?', unit: '万元', min: 0, source: at },
  { id: 'size', type: 'enum', label: '企业规模', question: '?', values: ['大型', '中型', '小型', '微型'], source: at },
];
