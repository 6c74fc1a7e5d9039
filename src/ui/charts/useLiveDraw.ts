import { useEffect, useState, type RefObject } from 'react';
import { LiveDrawSchedule } from './liveDrawSchedule';

/**
 * Redraws a chart whose data changes while training (`draw`, after any of `inputs` changed) as the main thread can
 * afford it: at most once every `minIntervalMs`, and only while the chart is on screen — a chart scrolled out of
 * view is drawn when it comes back. The latest data is always drawn in the end. (Redrawing the learning curves
 * on every progress message took over half the main thread's script time while training, and 5 redraws a second
 * still dropped frames with every panel in view: docs/benchmarks.md, "Frames while training" and "Frames with
 * every panel in view".)
 */
export function useLiveDraw(target: RefObject<Element | null>, draw: () => void, inputs: readonly unknown[], minIntervalMs = LIVE_DRAW_INTERVAL_MS): void {
  const [schedule] = useState(() => new LiveDrawSchedule(minIntervalMs));

  useEffect(() => {
    const element = target.current;
    if (!element || typeof IntersectionObserver !== 'function') return () => schedule.dispose();
    const observer = new IntersectionObserver((entries) => schedule.setVisible(entries[entries.length - 1].isIntersecting), {
      rootMargin: VISIBLE_MARGIN,
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      schedule.dispose();
    };
  }, [target, schedule]);

  // After every render: the schedule tells whether the inputs changed.
  useEffect(() => schedule.request(inputs, draw));
}

/** A chart this near the viewport counts as on screen: drawn before it scrolls in, and while its panel's header (the export buttons) shows. */
const VISIBLE_MARGIN = '200px 0px';

/** At most this often (ms) a live chart is redrawn: 2.5 times a second. */
const LIVE_DRAW_INTERVAL_MS = 400;
