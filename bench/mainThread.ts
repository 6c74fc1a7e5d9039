/**
 * Where the page's main thread spends its time, from a Chromium trace (devtools.timeline): tasks over 50 ms, and
 * self time (an event's duration minus that of the events nested in it) summed by event name — FunctionCall
 * (scripting), Layout, Paint, UpdateLayoutTree (style), v8 GC and so on.
 */
import type { Browser, Page } from 'playwright-core';

export interface MainThreadProfile {
  seconds: number;
  /** Σ of the main thread's tasks. */
  busyMs: number;
  longTasks: number;
  longestTaskMs: number;
  /** Self time by trace event name, largest first. */
  selfMs: { name: string; ms: number }[];
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

const LONG_TASK_MS = 50;
const TOP = 8;
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink'];

function summarise(events: TraceEvent[], seconds: number): MainThreadProfile {
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const spans = events
    .filter((e) => e.ph === 'X' && e.dur !== undefined && main && e.pid === main.pid && e.tid === main.tid)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>();
  const stack: { end: number; name: string; self: number }[] = [];
  const close = (until: number): void => {
    while (stack.length > 0 && stack[stack.length - 1].end <= until) {
      const done = stack.pop()!;
      self.set(done.name, (self.get(done.name) ?? 0) + done.self);
    }
  };
  for (const span of spans) {
    close(span.ts);
    if (stack.length > 0) stack[stack.length - 1].self -= span.dur!;
    stack.push({ end: span.ts + span.dur!, name: span.name, self: span.dur! });
  }
  close(Infinity);
  const tasks = spans.filter((e) => e.name === 'RunTask').map((e) => e.dur! / 1000);
  return {
    seconds,
    busyMs: tasks.reduce((a, b) => a + b, 0),
    longTasks: tasks.filter((ms) => ms > LONG_TASK_MS).length,
    longestTaskMs: Math.max(0, ...tasks),
    selfMs: [...self.entries()]
      .filter(([name]) => name !== 'RunTask')
      .map(([name, us]) => ({ name, ms: us / 1000 }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, TOP),
  };
}

/** Traces the page's main thread for `seconds` and summarises it. */
export async function traceMainThread(browser: Browser, page: Page, seconds: number): Promise<MainThreadProfile> {
  await browser.startTracing(page, { categories: CATEGORIES });
  await page.waitForTimeout(seconds * 1000);
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  return summarise(trace.traceEvents, seconds);
}
