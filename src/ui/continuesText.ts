/** What Start does with a pretrained snapshot: it goes on from the snapshot's step (its schedule and curriculum too). */
export const continuesText = (step: number): string =>
  step > 0 ? `Start continues its training from step ${step.toLocaleString('en-US')}.` : 'Start continues training it.';
