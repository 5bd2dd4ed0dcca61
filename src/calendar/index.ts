//! Dates: the one "today" of the tool and the one reading of a YYYY-MM-DD date.
//! In: an instant (injected; the CLI passes the clock) or a string. Out: YYYY-MM-DD.
//! The users are in China, so "today" is the date in China Standard Time (UTC+8, no
//! daylight saving) on every machine, whatever its time zone.

/** Milliseconds east of UTC of China Standard Time. */
const CST_OFFSET_MS = 8 * 3600_000;

/**
 * Today's date where the users are: China Standard Time.
 * @example todayInChina(Date.parse('2026-11-30T20:00:00Z')) // '2026-12-01'
 */
export function todayInChina(now: number = Date.now()): string {
  return new Date(now + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The UTC midnight of a real calendar date written YYYY-MM-DD, or undefined (2026-02-30 is not one). */
export function parseIsoDate(value: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value ? d : undefined;
}
