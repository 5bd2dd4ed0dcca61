//! `handbook schema profile`: the JSON Schema of a profile, generated from facts.yaml,
//! for editors (yaml-language-server, VS Code) and scripts in other languages.

import type { Command } from 'commander';
import { profileJsonSchema } from '../../profile/schema.js';
import { EXIT_INPUT, EXIT_USAGE, err, handbookOptions, printJson, requireHandbook, type HandbookOptions } from '../context.js';
import { writeErr, shownText } from '../terminal-text.js';

const KINDS = ['profile'] as const;

export function registerSchema(program: Command): void {
  handbookOptions(
    program
      .command('schema')
      .description('输出企业画像的 JSON Schema（由 facts.yaml 生成），供编辑器与脚本使用')
      .argument('<kind>', '哪一种：profile（企业画像）'),
  )
    .addHelpText(
      'after',
      `
示例：
  $ handbook schema profile > profile.schema.json
  $ handbook schema profile --dir ./my-policies

在 YAML 画像文件第一行写 # yaml-language-server: $schema=profile.schema.json，编辑器即可补全与校验。`,
    )
    .action(async (kind: string, opts: HandbookOptions) => {
      if (!(KINDS as readonly string[]).includes(kind)) {
        writeErr(err.red(shownText(`未知的 schema 种类 "${kind}"，应为 ${KINDS.join('、')}`)) + '\n');
        process.exitCode = EXIT_USAGE;
        return;
      }
      const { handbook } = await requireHandbook(opts);
      if (!handbook) {
        process.exitCode = EXIT_INPUT;
        return;
      }
      printJson(profileJsonSchema(handbook));
    });
}
