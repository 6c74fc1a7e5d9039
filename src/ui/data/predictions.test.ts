import { describe, expect, it } from 'vitest';
import { describeInput, describeOutputs } from './inputText';
import { headOutputs, predictedOutputs, stepResults, targetOutputs } from './predictions';

describe('predictions from logits', () => {
  it('reads sigmoid outputs as bits', () => {
    const head = { kind: 'sigmoid', units: 1 } as const;
    expect(predictedOutputs(head, [0.3])).toEqual([1]);
    expect(predictedOutputs(head, [-2])).toEqual([0]);
    expect(stepResults(head, { logits: [[1], [1]], targets: [[1], [0]], targetMask: [1, 0] })).toEqual([true, null]);
  });

  it('reads softmax groups as the arg-max class of each group', () => {
    const head = { kind: 'softmax', groups: 2, classes: 3 } as const;
    expect(predictedOutputs(head, [0, 5, 1, 2, 0, 1])).toEqual([1, 0]);
    expect(targetOutputs(head, [1, 2])).toEqual([1, 2]);
    expect(stepResults(head, { logits: [[0, 5, 1, 2, 0, 1]], targets: [[1, 2]], targetMask: [1] })).toEqual([false]);
  });

  it('reads a sum head as the rounded running sum of the outputs so far', () => {
    const head = { kind: 'sum', units: 1 } as const;
    const logits = [[1.2], [2.1], [-0.4]];
    expect(headOutputs(head, logits, 1)[0]).toBeCloseTo(3.3);
    expect(predictedOutputs(head, headOutputs(head, logits, 2))).toEqual([3]);
    expect(stepResults(head, { logits, targets: [[0], [3], [3]], targetMask: [0, 1, 1] })).toEqual([null, true, true]);
    expect(stepResults(head, { logits, targets: [[0], [0], [4]], targetMask: [0, 0, 1] })).toEqual([null, null, false]);
  });
});

describe('input and output text', () => {
  it('writes parity vectors as signs', () => {
    expect(describeInput('parity', [1, -1, 0, 1], 0)).toBe('+−0+');
  });

  it('reads the digits of an addition input and the sum of its target', () => {
    const input = new Array(50).fill(0);
    input[0 * 10 + 4] = 1;
    input[1 * 10 + 7] = 1;
    expect(describeInput('addition', input, 0)).toBe('47');
    expect(describeOutputs('addition', [5, 2, 10, 10, 10, 10])).toBe('52');
  });

  it('names the logic gates and bits', () => {
    const input = new Array(102).fill(0);
    input[0] = 1;
    input[2 + 3] = 1;
    input[2 + 10 + 5] = 1;
    expect(describeInput('logic', input, 0)).toBe('10 XOR AND');
  });

  it('shows sort values, the last-number flag and the answer steps', () => {
    expect(describeInput('sort', [0.531, 0], 0)).toBe('0.53');
    expect(describeInput('sort', [-1.2, 1], 3)).toBe('-1.20⏎');
    expect(describeInput('sort', [0, 0], 4)).toBe('→');
    expect(describeOutputs('sort', [3])).toBe('#3');
  });

  it('writes the memory tasks\' inputs: copy bits, delimiter and silent steps; adding and argmax values', () => {
    expect([[1, 0, 1, 0], [0, 0, 0, 1], [0, 0, 0, 0]].map((input) => describeInput('copy', input, 0))).toEqual(['101', '⏎', '→']);
    expect([[0, 0, 1, 0], [0, 0, 0, 1]].map((input) => describeInput('adding', input, 0))).toEqual(['2', '=']);
    expect(describeInput('argmax', [0, 0, 0, 1], 0)).toBe('3');
    expect(describeOutputs('argmax', [7])).toBe('#7');
  });
});
