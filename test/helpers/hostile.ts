// A hostile handbook for terminal tests: a copy of the mini fixture whose titles, issuer,
// grants, clause body, section heading, fact label and a question carry OSC title and
// hyperlink sequences, clear-screen, cursor home, a `\r` overwrite, bidi override and isolate,
// a C1 CSI, an SGR of its own and DEL.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MINI = fileURLToPath(new URL('../check/fixtures/mini/', import.meta.url));

/** Everything a hostile file may carry: OSC title, OSC 8 hyperlink, clear screen, cursor home, CR overwrite, bidi override and isolate, C1 CSI, an SGR of its own. */
export const EVIL = '\x1b]0;PWNED\x07\x1b]8;;http://evil.example/\x1b\\点我\x1b]8;;\x1b\\\x1b[2J\x1b[H\rOVER\u202Eevil\u2066\u009b31m\x1b[31mRED\u007f';
/** The same in a YAML double-quoted scalar. */
export const EVIL_YAML = '\\e]0;PWNED\\a\\e]8;;http://evil.example/\\e\\\\点我\\e]8;;\\e\\\\\\e[2J\\e[H\\rOVER\\u202Eevil\\u2066\\x9b31m\\e[31mRED\\x7f';

/** Writes the hostile copy of the mini handbook to `dir`. */
export function makeHostileHandbook(dir: string): void {
  cpSync(MINI, dir, { recursive: true });
  const policy = join(dir, '01-reward.md');
  writeFileSync(
    policy,
    readFileSync(policy, 'utf8')
      .replace('title: 测试奖励办法', `title: "测试奖励办法${EVIL_YAML}"`)
      .replace('issuer: 测试厅', `issuer: "测试厅${EVIL_YAML}"`)
      .replace('    title: 地方财政贡献奖励', `    title: "地方财政贡献奖励${EVIL_YAML}"`)
      .replace('    grants: 按贡献奖励', `    grants: "按贡献奖励${EVIL_YAML}"`)
      .replace('按贡献奖励。', `按贡献奖励${EVIL}。`)
      .replace('## 一、奖励', `## 一、奖励${EVIL}`),
  );
  const facts = join(dir, 'facts.yaml');
  writeFileSync(facts, readFileSync(facts, 'utf8').replace('label: 到位资金', `label: "到位资金${EVIL_YAML}"`).replace('question: 项目是否需要新增建设用地？', `question: "项目是否需要新增建设用地${EVIL_YAML}？"`).replace('question: 项目投资方属于哪一类？', `question: "项目投资方属于哪一类${EVIL_YAML}？"`));
}
