/** Lays out the continuity timeline: each export and each gap as a share of the seq axis. */
import type { ContinuitySegment } from '../../../shared/api/view-types.js';

export interface TimelineBar {
  segment: ContinuitySegment;
  /** Left edge and width in percent of the whole seq range. */
  left: number;
  width: number;
}

/** A bar never gets thinner than `minWidth` percent so a one-entry export or gap stays visible. */
export function layoutTimeline(segments: ContinuitySegment[], minWidth = 0.8): TimelineBar[] {
  if (segments.length === 0) return [];
  const start = Math.min(...segments.map((s) => s.firstSeq));
  const end = Math.max(...segments.map((s) => s.lastSeq)) + 1;
  const span = Math.max(1, end - start);
  return segments.map((segment) => {
    const width = Math.min(100, Math.max(minWidth, ((segment.lastSeq + 1 - segment.firstSeq) / span) * 100));
    // A widened bar at the right end moves left rather than being cut off.
    const left = Math.min(((segment.firstSeq - start) / span) * 100, 100 - width);
    return { segment, left, width };
  });
}

/** The gaps of a timeline, in seq order. */
export function gapsOf(segments: ContinuitySegment[]): ContinuitySegment[] {
  return segments.filter((s) => s.kind === 'gap').sort((a, b) => a.firstSeq - b.firstSeq);
}
