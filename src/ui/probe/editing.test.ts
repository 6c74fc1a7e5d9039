/**
 * Inputs built with the editors, click by click as a person would (a refused click changes nothing, as in the
 * page), from the editor's first input to one the generator drew, encode to exactly the generator's sequence.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/codec';
import type { Config } from '../../config/schema';
import { Rng, streamSeed } from '../../core/random';
import type { LogicInput } from '../../tasks/logic';
import { isRefusal, probeBatch, type ProbeEditor, type TaskProbe } from '../../tasks/probe';
import { getTask } from '../../tasks/registry';
import { Checks, expectSameRow } from '../../tasks/testing';
import { addGate, addRow, addVector, changeVector, cycleCell, listText, removeGate, removeRow, removeVector, setGate } from './editing';

const SEQUENCES = 40;

/** The task's probe, its generator's batch and draws for a seed, and the editor's first input (as the page makes it). */
function setUp(link: string) {
  const config = parseConfig(link).config;
  const task = getTask(config.task);
  const probe = task.probe as TaskProbe<Config, unknown>;
  const generated = task.generate(config, SEQUENCES, new Rng(21));
  const draws = new Rng(21);
  const targets = Array.from({ length: SEQUENCES }, () => probe.random!(config, draws));
  const first = probe.random!(config, new Rng(streamSeed(config.seed, 'probe')));
  /** An edit as the page applies it: the task's check decides; a refused edit leaves the input as it was. */
  const accepts = (input: unknown) => !isRefusal(probe.check(config, input));
  const edit = <I>(current: I, next: I): I => (accepts(next) ? next : current);
  const expectBuilt = (built: unknown[]) => {
    const checks = new Checks();
    built.forEach((input, b) => {
      const encoded = probeBatch(probe, config, input);
      if (isRefusal(encoded)) throw new Error(encoded.error);
      expectSameRow(generated, b, encoded, checks, `sequence ${b}`);
    });
    checks.expectNone();
  };
  return { config, probe, targets, first, accepts, edit, expectBuilt };
}

describe('inputs built in the editors equal the generator’s sequences', () => {
  for (const link of ['task=parity&bits=8&trainNonZero=0', 'task=parity&bits=12&layout=prefix&trainNonZero=0']) {
    it(`parity grid, by clicks (${link})`, () => {
      const { config, probe, targets, first, accepts, edit, expectBuilt } = setUp(link);
      const editor = probe.editor(config) as Extract<ProbeEditor, { kind: 'grid' }>;
      const built = (targets as number[][][]).map((target) => {
        let grid = first as number[][];
        // Set the non-zero entries first, left to right, then clear the others from the right: never an all-zero or gapped vector.
        const columns = target[0].map((_, c) => c);
        const order = [...columns.filter((c) => target[0][c] !== 0), ...columns.filter((c) => target[0][c] === 0).reverse()];
        for (const column of order) for (let click = 0; click < 3 && grid[0][column] !== target[0][column]; click++) grid = edit(grid, cycleCell(editor, grid, 0, column, accepts));
        return grid;
      });
      expectBuilt(built);
    });
  }

  it('parity grid: a click skips a value the task refuses there; with none left, the task refuses the click', () => {
    const { config, probe, accepts, edit } = setUp('task=parity&bits=4');
    const editor = probe.editor(config) as Extract<ProbeEditor, { kind: 'grid' }>;
    const one = [[-1, 0, 0, 0]];
    expect(edit(one, cycleCell(editor, one, 0, 0, accepts))).toEqual([[1, 0, 0, 0]]); // 0 would leave no entry set
    const prefix = setUp('task=parity&bits=4&layout=prefix');
    const gapped = [[1, 1, 0, 0]];
    expect(cycleCell(editor, gapped, 0, 0, prefix.accepts)).toEqual([[-1, 1, 0, 0]]);
    expect(cycleCell(editor, [[-1, 1, 0, 0]], 0, 0, prefix.accepts)).toEqual([[1, 1, 0, 0]]); // 0 would leave a gap
    expect(cycleCell(editor, [[0, 0, 0, 0]], 0, 2, prefix.accepts)).toEqual([[0, 0, 1, 0]]); // nothing accepted: the task says why
  });

  it('logic gates, by adding and removing vectors and gates and choosing them', () => {
    const { targets, first, edit, expectBuilt } = setUp('task=logic&logicLength=4&maxGates=4');
    const built = (targets as LogicInput[]).map((target) => {
      let input = first as LogicInput;
      while (input.vectors.length < target.vectors.length) input = edit(input, addVector(input));
      while (input.vectors.length > target.vectors.length) input = edit(input, removeVector(input));
      if (input.b0 !== target.b0) input = edit(input, { ...input, b0: target.b0 });
      target.vectors.forEach((vector, t) => {
        if (input.vectors[t].b1 !== vector.b1) input = edit(input, changeVector(input, t, (old) => ({ ...old, b1: vector.b1 })));
        while (input.vectors[t].gates.length < vector.gates.length) input = edit(input, addGate(input, t));
        while (input.vectors[t].gates.length > vector.gates.length) input = edit(input, removeGate(input, t));
        vector.gates.forEach((gate, slot) => (input = edit(input, setGate(input, t, slot, gate))));
      });
      return input;
    });
    expectBuilt(built);
  });

  it('copy grid, by adding and removing vectors and clicking bits', () => {
    const { config, probe, targets, first, accepts, edit, expectBuilt } = setUp('task=copy&copyBits=5&copyMinLength=2&copyMaxLength=7');
    const editor = probe.editor(config) as Extract<ProbeEditor, { kind: 'grid' }>;
    const built = (targets as number[][][]).map((target) => {
      let grid = first as number[][];
      while (grid.length < target.length) grid = edit(grid, addRow(editor, grid));
      while (grid.length > target.length) grid = edit(grid, removeRow(grid));
      target.forEach((vector, row) => vector.forEach((bit, column) => {
        if (grid[row][column] !== bit) grid = edit(grid, cycleCell(editor, grid, row, column, accepts));
      }));
      return grid;
    });
    expectBuilt(built);
    // The editor's limits are the generator's: no row beyond 7 vectors or under 2.
    const seven = Array.from({ length: 7 }, () => [0, 0, 0, 0, 0]);
    expect(edit(seven, addRow(editor, seven))).toBe(seven);
    expect(edit(seven.slice(0, 2), removeRow(seven.slice(0, 2)))).toHaveLength(2);
  });

  it('delay copy stream, by clicking steps through the symbols (segment starts stay the marker)', () => {
    const { config, probe, targets, first, accepts, edit, expectBuilt } = setUp('task=delaycopy&delay=4&delayLength=20');
    const editor = probe.editor(config) as Extract<ProbeEditor, { kind: 'grid' }>;
    const built = (targets as number[][][]).map((target) => {
      let grid = first as number[][];
      target[0].forEach((symbol, column) => {
        for (let click = 0; click < 4 && grid[0][column] !== symbol; click++) grid = edit(grid, cycleCell(editor, grid, 0, column, accepts));
      });
      return grid;
    });
    expectBuilt(built);
    expect(edit(first as number[][], cycleCell(editor, first as number[][], 0, 4, accepts))).toBe(first); // a segment start: only the marker
  });

  for (const link of ['task=addition&addLength=4&maxDigits=3', 'task=sort&maxCount=8', 'task=adding&sumWidth=6&sumMaxLength=12', 'task=argmax&argmaxWidth=7&argmaxMaxLength=9']) {
    it(`typed lists (${link})`, () => {
      const { config, probe, targets, expectBuilt } = setUp(link);
      // What a person types: the numbers as the editor writes them (addition: the digits; sort: the shortest float32 decimal).
      const built = targets.map((target) => probe.parse(config, listText(probe.format(target)!.split(','))));
      expectBuilt(built);
    });
  }
});
