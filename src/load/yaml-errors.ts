//! Where to report a YAML syntax error, and in which words. The `yaml` parser reports an
//! unclosed quote where it gives up — at the end of the text, perhaps many lines later —
//! while the mistake is the opening quote; and it words its errors in English. In: a parsed
//! Document and one of its errors. Out: the offset to report, a Chinese message chosen by
//! the error's code (YAML_ERROR_WORDS), and the parser's own message, kept for `--json`.
//! Pure; shared by the compiler (front matter, facts.yaml) and the profile reader, so both
//! point at the same place with the same words.

import { visit, type Document, type ErrorCode, type YAMLError } from 'yaml';

export interface LocatedYamlError {
  /** Offset in the YAML text. */
  offset: number;
  /** In Chinese, for people. */
  message: string;
  /** The parser's message (English), for `--json` and bug reports. */
  original: string;
}

/** Every error code of the `yaml` parser, in words (complete: a new code is a type error). */
export const YAML_ERROR_WORDS = {
  ALIAS_PROPS: '别名（*name）不能带锚点或标签',
  BAD_ALIAS: '别名（*name）指向不存在的锚点',
  BAD_DIRECTIVE: '无法识别的 % 指令',
  BAD_DQ_ESCAPE: '双引号字符串中有无效的转义（\\ 后应为 n、t、"、\\、u 等）',
  BAD_INDENT: '缩进不正确：同一层的键应对齐',
  BAD_PROP_ORDER: '锚点或标签的位置不对',
  BAD_SCALAR_START: '值不能以这个字符开头（以 @、` 等开头的文字请加引号）',
  BLOCK_AS_IMPLICIT_KEY: '一行中不能有两个“键: 值”（文字中的“: ”请加引号）',
  BLOCK_IN_FLOW: '方括号或花括号中不能使用多行写法',
  DUPLICATE_KEY: '键重复',
  IMPOSSIBLE: '无法解析的写法',
  KEY_OVER_1024_CHARS: '键过长（超过 1024 个字符）',
  MISSING_CHAR: '缺少字符',
  MULTILINE_IMPLICIT_KEY: '键不能跨行（或上一行缺少冒号后的值）',
  MULTIPLE_ANCHORS: '一个值只能有一个锚点',
  MULTIPLE_DOCS: '只能有一个 YAML 文档（不要再写 ---）',
  MULTIPLE_TAGS: '一个值只能有一个标签',
  NON_STRING_KEY: '键应为文字',
  RESOURCE_EXHAUSTION: '别名展开过多',
  TAB_AS_INDENT: '不能用制表符（Tab）缩进，请改用空格',
  TAG_RESOLVE_FAILED: '无法识别的标签（!tag）',
  UNEXPECTED_TOKEN: '意外的内容（多余的字符，或缺少冒号、引号、括号）',
  BAD_COLLECTION_TYPE: '列表或映射的类型不对',
} as const satisfies Record<ErrorCode, string>;

/** BAD_INDENT also reports a flow list or map left open. */
function badIndentWhat(first: string): string {
  if (/flow sequence/i.test(first)) return '方括号没有结束：缺少“]”（或下一行缩进不足）';
  if (/flow map/i.test(first)) return '花括号没有结束：缺少“}”（或下一行缩进不足）';
  return YAML_ERROR_WORDS.BAD_INDENT;
}

/** MISSING_CHAR covers several characters: say which, from the parser's message. */
function missingWhat(first: string): string {
  if (/quote/i.test(first)) return '缺少结束的引号';
  if (/flow sequence|\]/i.test(first)) return '缺少“,”或结束的“]”';
  if (/flow map|\}/i.test(first)) return '缺少“,”、“:”或结束的“}”';
  if (/followed by map values/i.test(first)) return '缺少冒号：键后面应为“: 值”';
  return YAML_ERROR_WORDS.MISSING_CHAR;
}

/** The opening quote of the quoted scalar an unclosed-quote error ends, if there is one. */
function unclosedQuoteStart(doc: Document.Parsed, at: number): number | undefined {
  let start: number | undefined;
  visit(doc, {
    Scalar(_key, node) {
      if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && node.range && node.range[0] < at && node.range[1] >= at) {
        start = node.range[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return start;
}

/** The text of the scalar (a key) that starts at `at`, if any. */
function scalarAt(doc: Document.Parsed, at: number): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Scalar(_key, node) {
      if (node.range && node.range[0] === at) {
        found = String(node.value);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** An error's offset and message: an unclosed quote at its opening quote, the rest where `yaml` puts them. */
export function locateYamlError(doc: Document.Parsed, error: YAMLError): LocatedYamlError {
  const first = error.message.split('\n')[0]!.trim();
  const original = first;
  if (error.code === 'DUPLICATE_KEY') {
    const key = scalarAt(doc, error.pos[0]);
    return { offset: error.pos[0], message: `键重复：${key !== undefined ? `"${key}" ` : ''}在同一映射中出现了两次`, original };
  }
  if (error.code === 'MISSING_CHAR' && /quote/i.test(first)) {
    const start = unclosedQuoteStart(doc, error.pos[0]);
    if (start !== undefined) return { offset: start, message: 'YAML 语法错误：引号未闭合，从这个引号起直到结尾都没有结束引号', original };
  }
  const words =
    error.code === 'MISSING_CHAR' ? missingWhat(first) : error.code === 'BAD_INDENT' ? badIndentWhat(first) : (YAML_ERROR_WORDS[error.code] ?? YAML_ERROR_WORDS.IMPOSSIBLE);
  return { offset: error.pos[0], message: `YAML 语法错误：${words}`, original };
}
