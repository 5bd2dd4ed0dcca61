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
export { CODES, formatDiagnostic, DiagnosticBag, type Diagnostic, type DiagnosticCode, type Problem, type Severity } from './diagnostics/index.js';
export { readHandbookDir, decodeSource, type SourceFile } from './load/read.js';
export { compileSources, compileDir, type CompileResult } from './validate/index.js';
export {
  loadHandbook,
  toCompiled,
  serializeCompiled,
  writeCompiled,
  SCHEMA_VERSION,
  compiledPlaces,
  placeList,
  type CompiledHandbook,
  type CompiledPlaces,
  type LoadedHandbook,
  type LoadOptions,
  type PlaceEnv,
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
export { lookup, everything, idOf, titleOf, titleKey, type Found, type Lookup, type MatchedBy } from './model/lookup.js';
export { shown, shownText, jsonText, terminalSafe, forTerminal } from './words/terminal-text.js';
export { profileJsonSchema } from './profile/schema.js';
export { FACT_TYPES, factType, closedValues, type FactTypeSpec, type FactChoice } from './model/fact-types.js';
/**
 * Reading profiles: a file (`-` = standard input) or a text, against a handbook's ProfileSpec;
 * `--set`-style overrides; every problem a `ProfileIssue` with its field and position.
 *
 * @example
 * ```ts
 * import { loadHandbook, profileSpec, readProfileFile, applySets, check, formatDiagnostic } from 'policy-handbook';
 * const spec = profileSpec(handbook.facts, handbook.derived);
 * const read = applySets(await readProfileFile('examples/partial.yaml', spec), ['needs_land=是'], spec);
 * if (read.issues.length) for (const i of read.issues) console.error(formatDiagnostic(i));
 * else console.log(check(handbook, read.profile, { on: '2026-11-30' }).summary);
 * ```
 */
export { readProfileFile, parseProfileSource, type ProfileFile } from './profile/file.js';
export { applySets, emptyProfile, type ReadProfile } from './profile/fields.js';
export { profileSpec, NAME_FIELD, type ProfileSpec, type ProfileIssue, type ProfileIssueCode } from './profile/values.js';
/**
 * A batch of profiles (CSV or JSON Lines, a path or a stream) decided row by row into a writable
 * (JSON Lines or the CSV matrix), memory flat however long the input; bad rows are reported
 * through `onIssues` and counted.
 *
 * @example
 * ```ts
 * import { createWriteStream } from 'node:fs';
 * import { runBatch, formatDiagnostic } from 'policy-handbook';
 * const counts = await runBatch(handbook, { path: 'profiles.csv' }, createWriteStream('out.jsonl'), {
 *   on: '2026-11-30',
 *   format: 'jsonl',
 *   onIssues: (issues) => issues.forEach((i) => console.error(formatDiagnostic(i))),
 * });
 * console.log(counts); // { outcome: 'done', rows: 3, bad: 0 }
 * ```
 */
export { runBatch, type BatchInput, type BatchOutput, type BatchOptions, type BatchCounts, type BatchOutcome } from './profile/batch-run.js';
/** A profile as the YAML file `handbook ask --save` writes (facts in declared order, unknown ones as comments). */
export { profileYaml } from './profile/write.js';
/** Today's date in China (UTC+8), YYYY-MM-DD: the default date of `check`, `render` and `brief`. */
export { todayInChina, parseIsoDate } from './calendar/index.js';
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

export { resolveBookletDate, type BookletDate } from './render/date.js';
import type { Handbook as HandbookModel } from './model/index.js';
import type { RenderBookletHooks, RenderBookletOptions, RenderBookletResult } from './render/booklet.js';
export type { RenderBookletHooks, RenderBookletOptions, RenderBookletResult } from './render/booklet.js';
export type { ChromiumLookup } from './render/chromium.js';

/**
 * Renders the booklet, as `handbook render` does: the selected policies as one offline HTML page
 * (in-page search and self-check included) and, with `pdf`, that page printed to an A4 PDF by
 * Chromium. Progress, warnings and the finished HTML come through `hooks`; nothing is written.
 * The heavy part (unified, the browser) is loaded only when this is called.
 * Throws ChromiumNotFoundError (from `policy-handbook/render`) when a PDF is asked for and no
 * recent enough browser starts.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * import { compileDir, renderBooklet, resolveBookletDate } from 'policy-handbook';
 *
 * const { handbook } = compileDir('policies');
 * const date = resolveBookletDate({ date: '2026-01-15' });
 * if ('error' in date) throw new Error(date.error);
 * const result = await renderBooklet(handbook!, { date, tags: ['人才'], pdf: { chromium: {} } }, {
 *   onProgress: (step) => console.error(step),
 *   onHtml: (html) => writeFileSync('人才.html', html),
 * });
 * if ('problems' in result) console.error(result.problems.join('\n'));
 * else writeFileSync('人才.pdf', result.pdf!);
 */
export async function renderBooklet(handbook: HandbookModel, options: RenderBookletOptions, hooks: RenderBookletHooks = {}): Promise<RenderBookletResult> {
  const booklet = await import('./render/booklet.js');
  return booklet.renderBooklet(handbook, options, hooks);
}
