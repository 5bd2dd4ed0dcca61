//! Reading an enterprise profile file: YAML or JSON text (JSON is read as YAML, so both
//! give lines). In: the text (already decoded), its display name, a ProfileSpec. Out: the
//! profile (fact id → value), the enterprise's name, and every problem with the field's
//! path, line and column. Nothing is evaluated here. Pure: no I/O.

import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { NAME_FIELD, type ProfileIssue, type ProfileSpec } from './values.js';
import { emptyProfile, readField, type ReadProfile } from './fields.js';
import { locateYamlError } from '../load/yaml-errors.js';

export type { ReadProfile };

/** Line and column (1-based) of a YAML node, or of the document's start. */
function positionOf(lineCounter: LineCounter, node: unknown): { line: number; column: number } {
  const offset = isNode(node) && node.range ? node.range[0] : 0;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/**
 * Parses a profile written in YAML or JSON (JSON is read as YAML, so both give lines).
 * An empty document is an empty profile: every fact unknown.
 */
export function parseProfileText(text: string, file: string, spec: ProfileSpec): ReadProfile {
  const result: ReadProfile = { profile: emptyProfile(), issues: [] };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const { offset, message, original } = locateYamlError(doc, e);
      const { line, col } = lineCounter.linePos(offset);
      result.issues.push({ severity: 'error', code: 'profile/syntax', field: '', message, file, line, column: col, original });
    }
    return result;
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return result;
  if (!isMap(root)) {
    const at = positionOf(lineCounter, root);
    const what = isSeq(root) ? '列表' : '单个值';
    result.issues.push({
      severity: 'error',
      code: 'profile/not-a-map',
      field: '',
      message: `画像应为“字段: 值”的映射（如 paid_in_wan: 12000），实际为${what}`,
      file,
      line: at.line,
      column: at.column,
    });
    return result;
  }
  for (const pair of root.items) {
    const keyAt = positionOf(lineCounter, pair.key);
    const field = isScalar(pair.key) ? String(pair.key.value) : '';
    const valueNode = pair.value;
    const at = positionOf(lineCounter, valueNode ?? pair.key);
    const issue = (code: ProfileIssue['code'], message: string, onKey = false): void => {
      const where = onKey ? keyAt : at;
      result.issues.push({ severity: 'error', code, field, message, file, line: where.line, column: where.column });
    };
    if (valueNode !== null && valueNode !== undefined && !isScalar(valueNode)) {
      if (field === NAME_FIELD || spec.facts.has(field)) issue('profile/type', `应为单个值，实际为${isSeq(valueNode) ? '列表' : '映射'}`);
      else readField(result, field, null, spec, issue);
      continue;
    }
    const raw = isScalar(valueNode) ? valueNode.value : null;
    // An unquoted number is read as written (`1e5`, `0x10` are refused as in a CSV cell).
    const written = isScalar(valueNode) && valueNode.type === 'PLAIN' && typeof raw === 'number' ? valueNode.source : undefined;
    readField(result, field, raw, spec, issue, written);
  }
  return result;
}

