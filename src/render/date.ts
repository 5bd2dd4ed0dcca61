//! The booklet's date: printed on its cover and written into its PDF as CreationDate/ModDate.
//! In: --date, SOURCE_DATE_EPOCH, the handbook's edition date (handbook.yaml `edition`), the
//! clock. Out: the date, and the instant the PDF is fixed to.
//!
//! Precedence: --date, then SOURCE_DATE_EPOCH (the reproducible-builds convention: a build
//! system that sets it wants every date to be it), then the edition date, and only for a
//! handbook without one, today in China. Every date but the last is fixed: the same sources give
//! the same bytes on any day.
//! Light: no unified, no browser, so the library's main entry point can export it.

import { parseIsoDate, todayInChina } from '../calendar/index.js';

export interface BookletDate {
  /** YYYY-MM-DD: the cover's date. */
  date: string;
  /** The instant the PDF's dates are fixed to, when the date was given (not taken from the clock). */
  fixed?: Date;
}

/**
 * The booklet's date: `--date YYYY-MM-DD`, else SOURCE_DATE_EPOCH (seconds, UTC), else the
 * handbook's edition date (`handbook.meta.edition`), else today in China (the one "today" of
 * the tool, src/calendar). Returns a Chinese message when a given value is malformed.
 * @example resolveBookletDate({ date: '2026-01-15' }) // { date: '2026-01-15', fixed: 2026-01-15T00:00:00Z }
 * @example resolveBookletDate({ edition: handbook.meta.edition, sourceDateEpoch: process.env.SOURCE_DATE_EPOCH })
 */
export function resolveBookletDate(input: { date?: string; sourceDateEpoch?: string; edition?: string; now?: Date }): BookletDate | { error: string } {
  if (input.date !== undefined) {
    const fixed = parseIsoDate(input.date);
    if (!fixed) {
      return { error: `--date 的值 "${input.date}" 不是有效日期，应为 YYYY-MM-DD，例如 2026-01-15` };
    }
    return { date: input.date, fixed };
  }
  if (input.sourceDateEpoch !== undefined && input.sourceDateEpoch !== '') {
    if (!/^\d{1,12}$/.test(input.sourceDateEpoch)) {
      return { error: `环境变量 SOURCE_DATE_EPOCH 的值 "${input.sourceDateEpoch}" 不是整数秒数` };
    }
    const fixed = new Date(Number(input.sourceDateEpoch) * 1000);
    return { date: fixed.toISOString().slice(0, 10), fixed };
  }
  if (input.edition !== undefined) {
    const fixed = parseIsoDate(input.edition);
    if (!fixed) return { error: `handbook.yaml 的 edition "${input.edition}" 不是有效日期，应为 YYYY-MM-DD` };
    return { date: input.edition, fixed };
  }
  return { date: todayInChina((input.now ?? new Date()).getTime()) };
}
