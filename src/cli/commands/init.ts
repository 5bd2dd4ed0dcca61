//! `handbook init DIR`: writes a small valid handbook to start from (templates/init/).

import type { Command } from 'commander';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { OutputPathError, writeFileAtomic } from '../../io/write.js';
import { outputPathsOk } from '../output.js';
import { EXIT_INPUT, EXIT_OK, PACKAGE_ROOT, err, out } from '../context.js';
import { writeOut, writeErr, shownText } from '../terminal-text.js';

export const INIT_TEMPLATE_DIR = join(PACKAGE_ROOT, 'templates', 'init');

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('在 DIR 中创建一个可直接编译的小型手册（两份文件、几个事实、每份一个条目）')
    .argument('<dir>', '目标目录（不存在或为空）')
    .addHelpText('after', '\n示例：\n  $ handbook init my-policies\n  $ handbook lint --dir my-policies')
    .action((dirArg: string) => {
      const dir = resolve(dirArg);
      if (existsSync(dir) && readdirSync(dir).length > 0) {
        writeErr(err.red(shownText(`目录 ${dirArg} 已存在且不为空；为免覆盖，未写任何文件。请换一个新目录。`)) + '\n');
        process.exitCode = EXIT_INPUT;
        return;
      }
      const names = readdirSync(INIT_TEMPLATE_DIR).sort();
      if (!outputPathsOk(names.map((name) => join(dir, name)))) return;
      try {
        for (const name of names) writeFileAtomic(join(dir, name), readFileSync(join(INIT_TEMPLATE_DIR, name)));
      } catch (e) {
        if (!(e instanceof OutputPathError)) throw e;
        writeErr(err.red(shownText(`无法写入 ${dirArg}：${e.message}`)) + '\n');
        process.exitCode = EXIT_INPUT;
        return;
      }
      writeOut(`${out.green('已创建')} ${dirArg}/：${names.join('、')}\n下一步：handbook lint --dir ${dirArg}\n`);
      process.exitCode = EXIT_OK;
    });
}
