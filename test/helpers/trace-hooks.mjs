// Module resolution hook (runs on Node's loader thread): appends each resolved URL.
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (process.env.HANDBOOK_TRACE_IMPORTS) appendFileSync(process.env.HANDBOOK_TRACE_IMPORTS, result.url + '\n');
  return result;
}
