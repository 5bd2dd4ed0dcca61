// The bundled handbook and its search index, compiled in memory (no .handbook/ needed).
import { DiagnosticBag } from '../../src/diagnostics/index.js';
import { readHandbookDir } from '../../src/load/read.js';
import { compileSources } from '../../src/validate/index.js';
import { compileArtefacts } from '../../src/artefacts.js';
import type { Handbook } from '../../src/model/index.js';
import type { SearchIndexArtefact } from '../../src/search-index/index.js';
import { POLICIES } from './cli.js';

/** Compiles policies/ and its search index; throws with the diagnostics if it does not compile. */
export function bundledWithIndex(): { handbook: Handbook; index: SearchIndexArtefact } {
  const bag = new DiagnosticBag();
  const result = compileSources(readHandbookDir(POLICIES, bag), bag);
  if (!result.handbook) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return { handbook: result.handbook, index: compileArtefacts(result.handbook)['search'] as SearchIndexArtefact };
}
