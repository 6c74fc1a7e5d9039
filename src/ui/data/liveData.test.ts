import { describe, expect, it } from 'vitest';
import { select, useLiveData } from './liveData';

const selection = () => useLiveData.getState().selection;

describe('the shared trace selection', () => {
  it('shows a ponder update in the State panel once one is chosen, and the end state again after a move in time', () => {
    expect(selection()).toMatchObject({ step: 0, ponderStep: 1, atUpdate: false });
    select({ ponderStep: 3 });
    expect(selection()).toMatchObject({ ponderStep: 3, atUpdate: true });
    select({ atUpdate: false });
    expect(selection()).toMatchObject({ ponderStep: 3, atUpdate: false });
    select({ ponderStep: 2 });
    select({ step: 4 });
    expect(selection()).toMatchObject({ step: 4, ponderStep: 1, atUpdate: false });
  });
});
