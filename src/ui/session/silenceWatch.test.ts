import { describe, expect, it } from 'vitest';
import { MIN_SILENCE_LIMIT_MS } from '../../worker/heartbeat';
import { SilenceWatch } from './silenceWatch';

function watch(hidden = false) {
  let time = 0;
  const reports: number[] = [];
  const silence = new SilenceWatch((seconds) => reports.push(seconds), () => time, () => hidden);
  return { silence, reports, advance: (ms: number) => (time += ms) };
}

describe('SilenceWatch', () => {
  it('reports a worker that stops answering once, after the minimum limit', () => {
    const { silence, reports, advance } = watch();
    silence.heard({ type: 'heartbeat', longestGapMs: 1000 });
    advance(MIN_SILENCE_LIMIT_MS - 1);
    silence.check();
    expect(reports).toEqual([]);
    advance(2);
    silence.check();
    silence.check();
    expect(reports).toEqual([10]);
  });

  it('waits longer for a worker known to block for long steps', () => {
    const { silence, reports, advance } = watch();
    silence.heard({ type: 'heartbeat', longestGapMs: 6000 });
    advance(15_000);
    silence.check();
    expect(reports).toEqual([]);
    advance(6_000);
    silence.check();
    expect(reports).toEqual([21]);
  });

  it('counts any message as life, and forgets what it knew on reset', () => {
    const { silence, reports, advance } = watch();
    silence.heard({ type: 'heartbeat', longestGapMs: 20_000 });
    advance(30_000);
    silence.heard({ type: 'progress' });
    advance(30_000);
    silence.check();
    expect(reports).toEqual([]);
    silence.reset();
    advance(MIN_SILENCE_LIMIT_MS + 1);
    silence.check();
    expect(reports).toHaveLength(1);
  });

  it('never reports while the page is hidden', () => {
    const { silence, reports, advance } = watch(true);
    advance(60_000);
    silence.check();
    expect(reports).toEqual([]);
  });
});
