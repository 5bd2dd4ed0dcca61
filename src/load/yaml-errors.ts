//! Where to report a YAML syntax error. The `yaml` parser reports an unclosed quote where it
//! gives up — at the end of the text, perhaps many lines later — while the mistake is the
//! opening quote. In: a parsed Document and one of its errors. Out: the offset to report
//! and a Chinese message. Pure; shared by the compiler (front matter, facts.yaml) and the
//! profile reader, so both point at the same place.

import { visit, type Document, type YAMLError } from 'yaml';

export interface LocatedYamlError {
  /** Offset in the YAML text. */
  offset: number;
  message: string;
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

/** An error's offset and message: an unclosed quote at its opening quote, the rest where `yaml` puts them. */
export function locateYamlError(doc: Document.Parsed, error: YAMLError): LocatedYamlError {
  const first = error.message.split('\n')[0]!.trim();
  if (error.code === 'DUPLICATE_KEY') return { offset: error.pos[0], message: `键重复：${first}` };
  if (error.code === 'MISSING_CHAR' && /quote/i.test(first)) {
    const start = unclosedQuoteStart(doc, error.pos[0]);
    if (start !== undefined) return { offset: start, message: `YAML 语法错误：引号未闭合，从这个引号起直到结尾都没有结束引号（${first}）` };
  }
  return { offset: error.pos[0], message: `YAML 语法错误：${first}` };
}
