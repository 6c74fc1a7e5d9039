/** The Markdown tables of a run, written into docs/benchmarks.md between two markers (a re-run replaces them). */
import type { StepProfile } from './profile';
import type { BackendResult, BenchResults, ConfigResult, LoadAverage, MachineInfo } from './results';

/** The part of docs/benchmarks.md a run owns: the main tables, or a lent GPU machine's (`--dawn`). */
export interface Markers {
  start: string;
  end: string;
}
export const RESULTS_MARKERS: Markers = { start: '<!-- bench:results:start -->', end: '<!-- bench:results:end -->' };

const TOP_KERNELS = 8;

export const num = (x: number | undefined, digits = 1): string => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));
const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(2);
const signedMb = (bytes: number): string => `${bytes >= 0 ? '+' : '−'}${mb(Math.abs(bytes))}`;
export const loadText = (load: LoadAverage): string => load.map((x) => x.toFixed(2)).join(' / ');
const cells = (values: readonly string[]): string => `| ${values.join(' | ')} |`;
export const escape = (text: string): string => text.replace(/\|/g, '\\|');

export function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [cells(head), cells(head.map(() => '---')), ...rows.map(cells)];
}

export const label = (backend: BackendResult): string => `${backend.environment} ${backend.backend}`;

export const machineLine = (machine: MachineInfo): string =>
  `- Machine: ${machine.cpu}, ${machine.cores} cores, ${num(machine.memoryGiB)} GiB memory, ${machine.os}`;

/** The large-matMul rate of each backend, under a heading of the given level. */
export function matMulSection(level: string, backends: BackendResult[]): string[] {
  return [
    `${level} Large matMul rate (n × n · n × n, n = ${backends.find((b) => b.matMul)?.matMul?.size ?? '—'}, read-back included)`,
    '',
    ...table(['where', 'runs on', 'ms', 'GFLOP/s'], backends.map((b) => [label(b), escape(b.detail ?? b.error ?? ''), num(b.matMul?.ms), num(b.matMul?.gflops, 2)])),
  ];
}

function stepRows(backends: BackendResult[]): string[][] {
  const note = (backend: BackendResult, names: string, text: string, load: string): string[] =>
    [label(backend), names, text, ...Array(9).fill(''), load];
  return backends.flatMap((backend) => {
    if (backend.error) return [note(backend, '—', `did not start: ${escape(backend.error)}`, '')];
    const skipped = new Map<string, ConfigResult[]>();
    for (const c of backend.configs.filter((c) => c.skipped)) skipped.set(c.skipped!, [...(skipped.get(c.skipped!) ?? []), c]);
    const measured = backend.configs.filter((c) => !c.skipped).map((c) => {
      if (c.error) return note(backend, c.name, `failed: ${escape(c.error)}`, loadText(c.load));
      return [
        label(backend),
        c.name,
        `${num(c.ours?.msPerStep)} (${c.ours?.steps})`,
        num(c.ours?.sequencesPerSecond, 0),
        num(c.ours?.ponder, 2),
        num(c.ours?.gflopPerStep, 3),
        num(c.ours?.gflops, 2),
        num(c.matMul?.gflops, 2),
        c.matMulFraction === undefined ? '—' : `${num(100 * c.matMulFraction)}%`,
        c.naive ? `${num(c.naive.msPerStep)} (${c.naive.steps})` : c.naiveSkipped ?? '—',
        num(c.naive?.ponder, 2),
        c.speedup === undefined ? '—' : `${num(c.speedup, 2)}×`,
        loadText(c.load),
      ];
    });
    const notes = [...skipped].map(([reason, configs]) => note(backend, configs.map((c) => c.name).join(', '), `skipped: ${reason}`, ''));
    return [...measured, ...notes];
  });
}

/** Relative difference above which the naive port and the engine are said to disagree (float32 sums). */
const CHECK_TOLERANCE = 1e-4;

function naiveCheckLines(backends: BackendResult[]): string[] {
  const checks = backends.flatMap((b) => (b.naiveCheck ?? []).map((check) => ({ where: label(b), ...check })));
  if (checks.length === 0) return [];
  return [
    'Naive port check: the loss L + τ·P of the same first batch from the engine\'s initial weights, ours and naive:',
    '',
    ...checks.map(({ where, config, ours, naive }) => {
      const agrees = Math.abs(ours - naive) <= CHECK_TOLERANCE * Math.max(1, Math.abs(ours));
      return `- ${where}, \`${config}\`: ${ours.toPrecision(7)} and ${naive.toPrecision(7)}${agrees ? ' (agree)' : ' — **they disagree**'}`;
    }),
    '',
  ];
}

function memoryRows(backends: BackendResult[]): string[][] {
  return backends.flatMap((backend) => backend.configs.filter((c) => c.memory).map((c) => {
    const m = c.memory!;
    return [
      label(backend), c.name, String(m.steps),
      `${m.tensorsBefore} → ${m.tensorsAfter}`, String(m.tensorsAfter - m.tensorsBefore),
      `${mb(m.bytesBefore)} → ${mb(m.bytesAfter)}`,
      `${mb(m.heapBefore)} → ${mb(m.heapAfter)}`, signedMb(m.heapAfter - m.heapBefore),
    ];
  }));
}

function kernelLines(title: string, profile: StepProfile, stepMs: number): string[] {
  const rows = profile.kernels.slice(0, TOP_KERNELS).map((k) => [
    k.name, num(k.ms), String(k.calls), `${num((100 * k.ms) / profile.kernelMs)}%`, `${k.topShapes} (${num(k.topShapesMs)} ms)`,
  ]);
  return [
    `${title}: median step ${num(stepMs)} ms. Profiled (median of ${profile.steps} step${profile.steps > 1 ? 's' : ''}; ` +
      `profiling slows a step down): ${num(profile.wallMs)} ms a step, ${profile.calls} kernel calls, kernel time ${num(profile.kernelMs)} ms.` +
      (profile.matMulReplay ? ` Its ${profile.matMulReplay.calls} matMul calls replayed alone, back to back: ${num(profile.matMulReplay.ms)} ms.` : ''),
    '',
    ...table(['kernel', 'ms', 'calls', 'share of kernel time', 'costliest input shapes'], rows),
    '',
  ];
}

function profileSection(backends: BackendResult[]): string[] {
  return backends.flatMap((backend) => backend.configs.filter((c) => c.profile && c.ours).flatMap((c) => [
    `#### ${c.name} (${label(backend)})`,
    '',
    ...kernelLines('Ours', c.profile!.ours, c.ours!.msPerStep),
    ...(c.profile!.naive && c.naive ? kernelLines('Naive port', c.profile!.naive, c.naive.msPerStep) : []),
  ]));
}

export function renderReport(results: BenchResults): string {
  const { machine, load } = results;
  const lines = [
    RESULTS_MARKERS.start,
    '',
    `Run of ${results.startedAt}${results.quick ? ' (`--quick`: smoke-run counts, not for comparison)' : ''}, ${Math.round(results.seconds)} s. ` +
      'Generated by `npm run bench`; everything between the markers is replaced by the next run.',
    '',
    machineLine(machine),
    `- Node ${machine.node}${machine.chromium ? `, ${machine.chromium}` : ''}, TF.js ${machine.tfjs}`,
    `- Load average (1 min) during the run: min ${num(load.min, 2)}, mean ${num(load.mean, 2)}, max ${num(load.max, 2)} ` +
      `(${load.samples} samples); each row below also gives the 1/5/15-min load when it finished.`,
    '',
    ...matMulSection('###', results.backends),
    '',
    '### Training step',
    '',
    'ms per step: median (timed steps in brackets), batch generation and metric read-back included. GFLOP/s: the ' +
      'FLOP model above over the measured steps; % of matMul: against the same backend\'s matMul rate, measured ' +
      'right before the config on WASM and WebGL (else the rate above). Naive: the literal port of the seed notebook ' +
      '(bench/naive.ts), timed at the same point of training. Ponder: mean N(t) per input step.',
    '',
    ...table(
      ['where', 'config', 'ms/step', 'seq/s', 'ponder', 'GFLOP/step', 'GFLOP/s', 'matMul GFLOP/s', '% of matMul', 'naive ms/step', 'naive ponder', 'ours vs naive', 'load 1/5/15'],
      stepRows(results.backends),
    ),
    '',
    ...naiveCheckLines(results.backends),
    '### Chromium WASM: one thread against every thread',
    '',
    'The same config on two fresh bench pages, one after the other: WASM on one thread, then with every thread the ' +
      'page gets (as the app runs it). ms per step: median of the timed steps after the warm-up.',
    '',
    ...table(['config', '1 thread ms/step', 'all threads ms/step', 'threads', 'speed-up', 'load 1/5/15'], (results.threads ?? []).map((t) => [
      t.config, num(t.oneThread?.msPerStep), num(t.allThreads?.msPerStep), escape(t.error ? `failed: ${t.error}` : t.allThreads?.detail ?? ''),
      t.speedup === undefined ? '—' : `${t.speedup.toFixed(2)}×`, loadText(t.load),
    ])),
    '',
    '### backend=auto: the race in the app',
    '',
    'The built app opened on a bench config with `backend=auto` and `?race=software` (SwiftShader WebGL raced as a GPU ' +
      'would be); the line it shows under the backend. The target compares its pick with the step table above.',
    '',
    ...table(['config', 'picked', 'the app\'s race line', 'load 1/5/15'], (results.races ?? []).map((r) => [
      r.config, r.picked ?? '—', escape(r.error ? `failed: ${r.error}` : r.text), loadText(r.load),
    ])),
    '',
    '### Targets',
    '',
    ...table(['target', 'where', 'goal', 'measured', 'met', 'gap', 'why (from tf.profile)'], results.targets.map((t) => [
      t.name, t.where, t.goal, escape(t.measured), t.met ? 'met' : '**not met**', t.gap, escape(t.why ?? ''),
    ])),
    '',
    '### Memory: tensors and heap over many training steps',
    '',
    'Snapshots after the warm-up steps and after the timed steps (JS heap after a forced garbage collection: ' +
      'Node `process.memoryUsage().heapUsed`, Chromium `performance.memory.usedJSHeapSize`).',
    '',
    ...table(['where', 'config', 'steps', 'tensors', 'Δ tensors', 'tensor MB', 'heap MB', 'Δ heap MB'], memoryRows(results.backends)),
    '',
    '### Main-thread frames while the app trains',
    '',
    'The built app (`vite build`, served by `vite preview`), its default run, Start pressed, then requestAnimationFrame ' +
      'intervals recorded in the page. Dropped: intervals ≥ 25 ms (1.5 frames at 60 Hz).',
    '',
    ...table(['view', 'viewport', 'app backend', 'steps trained', 'frames', 'p50 ms', 'p95 ms', 'max ms', 'dropped', 'load 1/5/15'],
      results.frames.map((f) => [
        f.view, `${f.viewport.width}×${f.viewport.height}`, escape(f.error ? `failed: ${f.error}` : f.backend), String(f.steps),
        String(f.frames), num(f.p50, 2), num(f.p95, 2), num(f.max), String(f.dropped), loadText(f.load),
      ])),
    '',
    '### Where the time goes: tf.profile, kernels grouped by name (ms: median per step over the profiled steps)',
    '',
    ...profileSection(results.backends),
    RESULTS_MARKERS.end,
  ];
  return lines.join('\n');
}

/** `document` with the part between the markers replaced (or the report appended when it has no markers). */
export function replaceReport(document: string, report: string, markers: Markers = RESULTS_MARKERS): string {
  const start = document.indexOf(markers.start);
  const end = document.indexOf(markers.end);
  if (start < 0 || end < start) return `${document.trimEnd()}\n\n${report}\n`;
  return document.slice(0, start) + report + document.slice(end + markers.end.length);
}
