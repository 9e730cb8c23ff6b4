/** How an engagement's period reads in the app. */
import type { EngagementView } from '../../../shared/engagement/engagement-types.js';

/** The set period, else the span of its exports marked as such, else "no period". */
export function periodLabel(e: EngagementView): string {
  const day = (t: string) => t.slice(0, 10);
  if (e.periodFrom || e.periodTo) return `${e.periodFrom ? day(e.periodFrom) : '…'} – ${e.periodTo ? day(e.periodTo) : '…'}`;
  if (e.span) return `${day(e.span.from)} – ${day(e.span.to)} (exports’ span)`;
  return 'no period set';
}

/** `2026-01-31` from a date input → the first or last millisecond of that UTC day. */
export function dayBound(day: string, end: boolean): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  return `${day}T${end ? '23:59:59.999' : '00:00:00.000'}Z`;
}
