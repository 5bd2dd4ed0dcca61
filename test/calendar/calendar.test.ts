import { describe, expect, it } from 'vitest';
import { parseIsoDate, todayInChina } from '../../src/calendar/index.js';
import { resolveBookletDate } from '../../src/render/index.js';

describe('the one today', () => {
  // Ensure "today" is China's date whatever the machine's zone: 20:00 UTC is already tomorrow in Beijing.
  it('is the date in China Standard Time', () => {
    expect(todayInChina(Date.parse('2026-11-30T15:59:59Z'))).toBe('2026-11-30');
    expect(todayInChina(Date.parse('2026-11-30T16:00:00Z'))).toBe('2026-12-01');
  });

  // Ensure the booklet's default date and check's default --on agree (they once used two clocks).
  it('is the booklet date without --date or SOURCE_DATE_EPOCH', () => {
    const now = new Date('2026-11-30T20:00:00Z');
    expect(resolveBookletDate({ now })).toEqual({ date: todayInChina(now.getTime()) });
  });

  // Ensure only real calendar dates are read.
  it.each(['2026-02-30', '2026-13-01', '2026-1-01', '20260101', ' 2026-01-01', '2026-01-01T00:00'])('refuses %s', (s) => {
    expect(parseIsoDate(s)).toBeUndefined();
  });

  it('reads a leap day', () => {
    expect(parseIsoDate('2028-02-29')?.toISOString()).toBe('2028-02-29T00:00:00.000Z');
  });
});
