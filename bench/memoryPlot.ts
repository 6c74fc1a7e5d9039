/**
 * A log-log SVG of step time vs memory slots, one line per cell and environment (Node solid, Chromium dashed; no
 * plotting dependency: plain SVG text).
 */
import type { ScalingPoint } from './memoryMeasure';

const [WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM] = [600, 360, 64, 150, 20, 48];
const COLOURS: Record<string, string> = { dnc: '#d62728', sam: '#1f77b4', sdnc: '#2ca02c' };

const decades = (lo: number, hi: number): number[] => {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) out.push(10 ** e);
  return out;
};

export function scalingSvg(points: readonly ScalingPoint[]): string {
  const measured = points.filter((p) => p.msPerStep !== undefined);
  if (measured.length === 0) return '<svg xmlns="http://www.w3.org/2000/svg"/>\n';
  const slots = measured.map((p) => p.slots);
  const ms = measured.map((p) => p.msPerStep!);
  const [xLo, xHi] = [Math.min(...slots), Math.max(...slots)];
  const yTicks = decades(Math.min(...ms), Math.max(...ms));
  const [yLo, yHi] = [yTicks[0], yTicks[yTicks.length - 1]];
  const x = (n: number) => LEFT + ((Math.log(n) - Math.log(xLo)) / (Math.log(xHi) - Math.log(xLo) || 1)) * (WIDTH - LEFT - RIGHT);
  const y = (v: number) => HEIGHT - BOTTOM - ((Math.log(v) - Math.log(yLo)) / (Math.log(yHi) - Math.log(yLo) || 1)) * (HEIGHT - TOP - BOTTOM);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<line x1="${LEFT}" y1="${HEIGHT - BOTTOM}" x2="${WIDTH - RIGHT}" y2="${HEIGHT - BOTTOM}" stroke="black"/>`,
    `<line x1="${LEFT}" y1="${TOP}" x2="${LEFT}" y2="${HEIGHT - BOTTOM}" stroke="black"/>`,
  ];
  for (const n of [...new Set(slots)]) parts.push(`<text x="${x(n)}" y="${HEIGHT - BOTTOM + 16}" text-anchor="middle">${n}</text>`);
  for (const v of yTicks) {
    parts.push(`<line x1="${LEFT}" y1="${y(v)}" x2="${WIDTH - RIGHT}" y2="${y(v)}" stroke="#ddd"/>`);
    parts.push(`<text x="${LEFT - 6}" y="${y(v) + 4}" text-anchor="end">${v}</text>`);
  }
  parts.push(`<text x="${(LEFT + WIDTH - RIGHT) / 2}" y="${HEIGHT - 10}" text-anchor="middle">memory slots N (log)</text>`);
  parts.push(`<text transform="translate(16 ${(TOP + HEIGHT - BOTTOM) / 2}) rotate(-90)" text-anchor="middle">ms per training step (log)</text>`);
  const lineKey = (p: ScalingPoint) => `${p.cell}|${p.environment ?? ''}`;
  [...new Set(measured.map(lineKey))].forEach((key, i) => {
    const line = measured.filter((p) => lineKey(p) === key).sort((a, b) => a.slots - b.slots);
    const { cell, environment = '' } = line[0];
    const colour = COLOURS[cell] ?? '#555';
    const dash = environment.startsWith('chromium') ? ' stroke-dasharray="6 4"' : '';
    parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2"${dash} points="${line.map((p) => `${x(p.slots).toFixed(1)},${y(p.msPerStep!).toFixed(1)}`).join(' ')}"/>`);
    for (const p of line) parts.push(`<circle cx="${x(p.slots).toFixed(1)}" cy="${y(p.msPerStep!).toFixed(1)}" r="3" fill="${colour}"/>`);
    parts.push(`<text x="${WIDTH - RIGHT + 8}" y="${TOP + 16 + 18 * i}" fill="${colour}">${cell.toUpperCase()} ${environment.split(' ')[0]}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
