//! The public library API: what a build script or another program imports.
//! Everything here runs without argv, a terminal or process.exit.
//!
//! @example
//! ```ts
//! import { compileDir, check } from 'policy-handbook';
//! const { handbook, diagnostics } = compileDir('policies');
//! if (!handbook) throw new Error(diagnostics.map((d) => d.message).join('\n'));
//! const result = check(handbook, { investor_origin: '省外浙商', paid_in_wan: 12000 }, { on: '2026-11-30' });
//! console.log(result.summary); // { eligible: …, ineligible: …, undetermined: …, not_in_force: 0 }
//! ```

export type * from './model/index.js';
export { CODES, formatDiagnostic, type Diagnostic, type DiagnosticCode, type Severity } from './diagnostics/index.js';
export { readHandbookDir, decodeSource, type SourceFile } from './load/read.js';
export { compileSources, compileDir, type CompileResult } from './validate/index.js';
export {
  loadHandbook,
  toCompiled,
  serializeCompiled,
  writeCompiled,
  SCHEMA_VERSION,
  type CompiledHandbook,
  type LoadedHandbook,
} from './compiled/index.js';
export { writeFileAtomic, OutputPathError, resolveOutputPath } from './io/write.js';
export { evaluate, makeContext, and, or, not, type Truth, type TraceNode } from './eligibility/evaluate.js';
export { describeRule, formatValue } from './eligibility/words.js';
export { describeAlternative } from './eligibility/qualify-words.js';
export {
  check,
  nextQuestions,
  inForce,
  type Amount,
  type CheckOptions,
  type CheckResult,
  type Decision,
  type Question,
  type Status,
} from './eligibility/check.js';
export {
  exportSqlQuery,
  exportSqlDdl,
  ruleToSql,
  quoteIdentifier,
  quoteTableName,
  sqlString,
  tableNameProblem,
  SqlExportError,
  SQL_DIALECTS,
  DEFAULT_TABLE,
  type SqlDialect,
  type SqlExportOptions,
} from './export/sql.js';
export {
  SEARCH_INDEX_VERSION,
  buildSearchIndex,
  isSearchIndex,
  lexiconOf,
  normalizeQuery,
  tokenize,
  searchHandbook,
  type SearchIndexArtefact,
  type SearchHit,
  type SearchOptions,
  type SearchResponse,
} from './search-index/index.js';
export {
  toQualify,
  nextTier,
  MAX_ALTERNATIVES,
  type Alternative,
  type QualifyCondition,
  type QualifyOp,
  type QualifyOptions,
  type NextTier,
} from './eligibility/qualify.js';
export { toReport, explain, type Report, type ReportResult, type Explanation } from './eligibility/report.js';
export { profileJsonSchema } from './profile/schema.js';
/**
 * The brief for one enterprise (政策服务说明) as plain data: its eligible provisions (grant,
 * amount, policy, the clause's own text), the undetermined ones with the questions that would
 * settle them, the near-misses with what it would take, and the facts it was based on.
 * Render it with `renderBriefHtml` / `renderBriefPdf` from `policy-handbook/render`.
 *
 * @example
 * ```ts
 * import { compileDir, briefFor } from 'policy-handbook';
 * import { renderBriefHtml, renderBriefPdf } from 'policy-handbook/render';
 * const { handbook } = compileDir('policies');
 * for (const { name, profile } of enterprises) {
 *   const brief = briefFor(handbook!, profile, { on: '2026-11-30', name });
 *   const html = await renderBriefHtml(brief);
 *   writeFileSync(`${name}.pdf`, await renderBriefPdf(html, brief, { chromium: {} }));
 * }
 * ```
 */
export {
  briefFor,
  printableName,
  SERVICE_NOTE,
  type Brief,
  type BriefOptions,
  type BriefPolicy,
  type BriefClause,
  type BriefFact,
  type BriefProvision,
  type BriefEligible,
  type BriefUndetermined,
  type BriefNearMiss,
  type BriefWay,
} from './brief/brief.js';
// The booklet (unified, playwright-core) is a separate entry point, so importing the
// library does not load it: `import { renderBookletHtml } from 'policy-handbook/render'`.
