// Section and clause numbers written wrongly, as data: each line → the message it must give
// (or none), so the rules of docs/FORMAT.md are checked line by line, not only through fixtures.
import { describe, expect, it } from 'vitest';
import { clauseNumberMistake, headingMistake } from '../../src/validate/numbering.js';
import { OPERATOR_NAMES, OPERATORS, operatorMeant } from '../../src/eligibility/operators.js';

const HEADINGS: [string, string | undefined][] = [
  ['## 二. 支持措施', '标题“二. 支持措施”的编号应为“二、”'],
  ['## 二．支持措施', '标题“二．支持措施”的编号应为“二、”'],
  ['## 二，支持措施', '标题“二，支持措施”的编号应为“二、”'],
  ['## 二 支持措施', '标题“二 支持措施”的编号应为“二、”'],
  ['### 十二：附则', '标题“十二：附则”的编号应为“十二、”'],
  ['## 2、支持措施', '标题“2、支持措施”的编号应为“二、”'],
  ['## ２．支持措施', '标题“２．支持措施”的编号应为“二、”'],
  ['## 12. 附则', '标题“12. 附则”的编号应为“十二、”'],
  ['# 二、支持措施', '标题“二、支持措施”是一级标题，章节标题应为二级：“## 二、支持措施”'],
  ['# 2. 支持措施', '标题“2. 支持措施”是一级标题，章节标题应为二级：“## 二、支持措施”'],
  ['#### 三、附则', '标题“三、附则”是四级标题，章节标题应为二级：“## 三、附则”'],
  ['##二、支持措施', '标题“##二、支持措施”的 # 后应有空格：“## 二、支持措施”'],
  ['###2. 支持措施', '标题“###2. 支持措施”的 # 后应有空格：“## 二、支持措施”'],
  // Written right, or not a numbered heading at all: nothing to say.
  ['## 二、支持措施', undefined],
  ['### 二、支持措施', undefined],
  ['## 十大举措', undefined],
  ['## 一般规定', undefined],
  ['## 2024年工作要点', undefined],
  ['## 1.1 范围', undefined],
  ['## 附则', undefined],
  ['# 关于支持企业发展的若干意见', undefined],
  ['二. 支持措施', undefined],
  ['#标签 与 #话题', undefined],
  ['##附则', undefined],
];

const CLAUSES: [string, boolean, string | undefined][] = [
  // [line, is a clause expected with this number here?, message]
  ['(2)申报。企业提出申请。', true, '条款“(2)申报”的编号应为“（二）”'],
  ['（２）申报。企业提出申请。', true, '条款“（２）申报”的编号应为“（二）”'],
  ['**(3)** 服务。', true, '条款“(3)服务”的编号应为“（三）”'],
  ['【二】服务。', false, '条款“【二】服务”的编号应为“（二）”'],
  ['〔十一〕附则：', false, '条款“〔十一〕附则”的编号应为“（十一）”'],
  ['(2)企业向所在地的县级以上人民政府有关部门提出书面申请并附材料。', true, '条款“(2)企业向所在地的县级以上人民政府有关部门提…”的编号应为“（二）”'],
  // A （1）（2） list inside a clause (the fourth level), or a clause written right.
  ['（2）微型企业。', false, undefined],
  ['（二）申报。', true, undefined],
  ['(二)申报。', true, undefined],
  ['[二](#land.2) 见上。', true, undefined],
  ['2. 申报材料', true, undefined],
];

describe('section headings written wrongly', () => {
  for (const [line, message] of HEADINGS) {
    it(`${line} → ${message ?? 'no diagnostic'}`, () => {
      // Ensure the mistake is recognised at its own line, with the number it should have.
      expect(headingMistake(line)?.message).toBe(message);
    });
  }
});

describe('clause numbers written wrongly', () => {
  for (const [line, expected, message] of CLAUSES) {
    it(`${line} → ${message ?? 'no diagnostic'}`, () => {
      // Ensure an Arabic （1） is a mistake only where a clause is expected, and wrong brackets always.
      expect(clauseNumberMistake(line, () => expected)?.message).toBe(message);
    });
  }
});

describe('operators as other notations write them', () => {
  it('maps each to the operator with the same meaning, never a near spelling', () => {
    // Ensure `le` means lte (≤) and not lt (<): the suggestion keeps the rule's meaning.
    expect(operatorMeant('le')).toBe('lte');
    expect(operatorMeant('ge')).toBe('gte');
    expect(operatorMeant('<=')).toBe('lte');
    expect(operatorMeant('≥')).toBe('gte');
    expect(operatorMeant('Not-Equals')).toBe('not_equals');
    expect(operatorMeant('nin')).toBe('not_in');
    expect(operatorMeant('lt')).toBe('lt');
    expect(operatorMeant('between')).toBeUndefined();
  });

  it('gives each other spelling to one operator only, and the symbols agree with the words', () => {
    // Ensure the table cannot send one spelling to two meanings, and ≤ / ≥ / < / > match words.
    const all = OPERATOR_NAMES.flatMap((op) => OPERATORS[op].alsoWritten.map((a) => a.toLowerCase()));
    expect(new Set(all).size).toBe(all.length);
    for (const a of all) expect(OPERATOR_NAMES).not.toContain(a);
    for (const op of OPERATOR_NAMES) {
      const w = OPERATORS[op].words;
      if (/^[<>≤≥]$/.test(w)) expect(operatorMeant(w)).toBe(op);
    }
  });
});
