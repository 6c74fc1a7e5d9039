/**
 * A small, standalone SVG chart: lines and/or dots per series, optional horizontal reference lines, linear or
 * log x axis, title, axis labels and a legend. d3 provides scales, ticks and paths; the output is plain text
 * (every text escaped), written to files by the CLI report and shown as is by the page.
 */
import { extent, line, scaleLinear, scaleLog } from 'd3';

export interface Point {
  x: number;
  y: number;
  /** Written next to the dot (e.g. the run's τ). */
  label?: string;
}

export interface Series {
  label: string;
  color: string;
  points: readonly Point[];
  /** Join the points (in x order) with a line. */
  line: boolean;
  /** Draw a dot at every point. */
  dots: boolean;
  dashed?: boolean;
  /** Dot opacity, for many overlapping points (default 1). */
  opacity?: number;
}

/** A horizontal line across the plot, e.g. the baseline's mean. */
export interface Rule {
  label: string;
  y: number;
  color: string;
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  xScale: 'linear' | 'log';
  series: readonly Series[];
  rules?: readonly Rule[];
  /** Start the y axis at 0 (rates, counts). */
  yFromZero?: boolean;
  /** A shaded x range with its label, e.g. the difficulties training never saw. */
  band?: { from: number; to: number; label: string };
  /** x takes whole numbers only (steps, counts): no ticks between them. */
  xIntegers?: boolean;
}

const WIDTH = 760;
const HEIGHT = 440;
const MARGIN = { top: 44, right: 210, bottom: 56, left: 70 };
const PLOT_RIGHT = WIDTH - MARGIN.right;
const PLOT_BOTTOM = HEIGHT - MARGIN.bottom;

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const round = (value: number): string => String(Math.round(value * 10) / 10);

/** Widens a degenerate range (one value) so a scale can still place it. */
function padded([lo, hi]: [number, number], log: boolean): [number, number] {
  if (lo !== hi) return [lo, hi];
  return log ? [lo / 2, hi * 2] : [lo - Math.max(Math.abs(lo) * 0.1, 0.5), hi + Math.max(Math.abs(hi) * 0.1, 0.5)];
}

/** A little room either side of the outermost points, so their dots are not cut by the frame. */
const MARGIN_FRACTION = 0.04;

function xScaleOf(spec: ChartSpec, xs: number[]) {
  if (spec.xScale === 'log') {
    const [lo, hi] = padded(extent(xs) as [number, number], true);
    const factor = (hi / lo) ** MARGIN_FRACTION;
    return scaleLog().domain([lo / factor, hi * factor]).range([MARGIN.left, PLOT_RIGHT]);
  }
  const [lo, hi] = padded(extent(xs) as [number, number], false);
  const room = (hi - lo) * MARGIN_FRACTION;
  return scaleLinear().domain([lo - room, hi + room]).range([MARGIN.left, PLOT_RIGHT]).nice();
}

function yScaleOf(spec: ChartSpec, ys: number[]) {
  const [lo, hi] = extent(ys) as [number, number];
  const range = padded([spec.yFromZero ? Math.min(0, lo) : lo, hi], false);
  return scaleLinear().domain(range).range([PLOT_BOTTOM, MARGIN.top]).nice();
}

function axes(spec: ChartSpec, x: ReturnType<typeof xScaleOf>, y: ReturnType<typeof yScaleOf>): string[] {
  const parts: string[] = [];
  const xFormat = x.tickFormat(6, spec.xScale === 'log' ? '~e' : ',~r');
  for (const tick of x.ticks(6).filter((value) => !spec.xIntegers || Number.isInteger(value))) {
    const label = xFormat(tick);
    const at = round(x(tick));
    parts.push(`<line x1="${at}" x2="${at}" y1="${MARGIN.top}" y2="${PLOT_BOTTOM}" stroke="#e5e5e5"/>`);
    if (label) parts.push(`<text x="${at}" y="${PLOT_BOTTOM + 18}" text-anchor="middle">${escapeXml(label)}</text>`);
  }
  const yFormat = y.tickFormat(6, ',~r');
  for (const tick of y.ticks(6)) {
    const at = round(y(tick));
    parts.push(`<line x1="${MARGIN.left}" x2="${PLOT_RIGHT}" y1="${at}" y2="${at}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${MARGIN.left - 8}" y="${at}" text-anchor="end" dominant-baseline="middle">${escapeXml(yFormat(tick))}</text>`);
  }
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${PLOT_RIGHT - MARGIN.left}" height="${PLOT_BOTTOM - MARGIN.top}" fill="none" stroke="#888"/>`);
  parts.push(`<text x="${(MARGIN.left + PLOT_RIGHT) / 2}" y="${HEIGHT - 14}" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`);
  const middle = (MARGIN.top + PLOT_BOTTOM) / 2;
  parts.push(`<text transform="translate(18 ${middle}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)}</text>`);
  parts.push(`<text x="${WIDTH / 2}" y="26" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(spec.title)}</text>`);
  return parts;
}

const dash = (dashed: boolean | undefined) => (dashed ? ' stroke-dasharray="6 4"' : '');

function seriesMarks(series: Series, x: ReturnType<typeof xScaleOf>, y: ReturnType<typeof yScaleOf>): string[] {
  const parts: string[] = [];
  const sorted = [...series.points].sort((a, b) => a.x - b.x);
  if (series.line && sorted.length > 1) {
    const path = line<Point>().x((p) => x(p.x)).y((p) => y(p.y))(sorted) ?? '';
    parts.push(`<path d="${path}" fill="none" stroke="${series.color}" stroke-width="2"${dash(series.dashed)}/>`);
  }
  if (series.dots) {
    const opacity = series.opacity ?? 1;
    for (const p of sorted) {
      parts.push(`<circle cx="${round(x(p.x))}" cy="${round(y(p.y))}" r="3.5" fill="${series.color}" fill-opacity="${opacity}"><title>${escapeXml(`${series.label}${p.label ? ` ${p.label}` : ''}: ${p.x}, ${p.y}`)}</title></circle>`);
      if (p.label) parts.push(`<text x="${round(x(p.x) + 6)}" y="${round(y(p.y) - 6)}" font-size="10" fill="${series.color}">${escapeXml(p.label)}</text>`);
    }
  }
  return parts;
}

function legend(spec: ChartSpec): string[] {
  const entries = [
    ...spec.series.map((s) => ({ label: s.label, color: s.color, line: s.line, dots: s.dots, dashed: s.dashed })),
    ...(spec.rules ?? []).map((r) => ({ label: r.label, color: r.color, line: true, dots: false, dashed: true })),
  ];
  return entries.flatMap((entry, i) => {
    const top = MARGIN.top + 8 + i * 20;
    const left = PLOT_RIGHT + 16;
    return [
      entry.line ? `<line x1="${left}" x2="${left + 24}" y1="${top}" y2="${top}" stroke="${entry.color}" stroke-width="2"${dash(entry.dashed)}/>` : '',
      entry.dots ? `<circle cx="${left + 12}" cy="${top}" r="3.5" fill="${entry.color}"/>` : '',
      `<text x="${left + 32}" y="${top}" dominant-baseline="middle">${escapeXml(entry.label)}</text>`,
    ].filter(Boolean);
  });
}

function bandMarks(band: NonNullable<ChartSpec['band']>, x: ReturnType<typeof xScaleOf>): string[] {
  const [left, right] = [Math.max(MARGIN.left, x(band.from)), Math.min(PLOT_RIGHT, x(band.to))];
  if (right <= left) return [];
  return [
    `<rect x="${round(left)}" y="${MARGIN.top}" width="${round(right - left)}" height="${PLOT_BOTTOM - MARGIN.top}" fill="#f3e3c3" fill-opacity="0.6"/>`,
    `<text x="${round((left + right) / 2)}" y="${MARGIN.top + 14}" text-anchor="middle" fill="#8a5a00">${escapeXml(band.label)}</text>`,
  ];
}

export function renderChart(spec: ChartSpec): string {
  const points = spec.series.flatMap((s) => s.points);
  if (points.length === 0) throw new Error(`the chart "${spec.title}" has no points`);
  const x = xScaleOf(spec, points.map((p) => p.x));
  const y = yScaleOf(spec, [...points.map((p) => p.y), ...(spec.rules ?? []).map((r) => r.y)]);
  const rules = (spec.rules ?? []).map((r) =>
    `<line x1="${MARGIN.left}" x2="${PLOT_RIGHT}" y1="${round(y(r.y))}" y2="${round(y(r.y))}" stroke="${r.color}" stroke-width="2"${dash(true)}/>`);
  const band = spec.band ? bandMarks(spec.band, x) : [];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    ...band,
    ...axes(spec, x, y),
    ...rules,
    ...spec.series.flatMap((s) => seriesMarks(s, x, y)),
    ...legend(spec),
    '</svg>',
    '',
  ].join('\n');
}
