import { describe, expect, it } from 'vitest';
import { liveSettingsOf } from '../config/liveSettings';
import { configOf } from '../config/testing';
import { continuesText, differingSettings, snapshotValues } from './snapshotSettings';

describe('the settings a pretrained snapshot was trained with, against the page\'s', () => {
  const page = configOf('task=wiki&lr=0.01&lrHalfLife=0&dropout=0');
  const snapshot = liveSettingsOf(configOf('task=wiki&lr=0.003&lrHalfLife=0&dropout=0.3'));

  it('names the live settings that differ, with both values, and offers the snapshot\'s', () => {
    expect(differingSettings(snapshot, page)).toEqual(['lr', 'dropout']);
    expect(continuesText(10250, snapshot, page)).toBe(
      `Start continues its training from step 10,250 with the settings on this page; it was trained with learning rate 0.003 and output dropout 0.3 (here 0.01 and 0).`,
    );
    expect(snapshotValues(snapshot, page)).toEqual({ lr: 0.003, dropout: 0.3 });
  });

  it('says so when they are the same, and names nothing for a fresh model', () => {
    const adopted = { ...page, ...snapshotValues(snapshot, page) };
    expect(differingSettings(snapshot, adopted)).toEqual([]);
    expect(continuesText(10250, snapshot, adopted)).toBe('Start continues its training from step 10,250, with the settings it was trained with.');
    expect(continuesText(0, null, page)).toBe('Start continues training it.');
  });

  it('leaves out settings that do not apply to the page\'s halting method', () => {
    // PonderNet's β differs but the page trains with ACT: not named (and never adopted).
    const withBeta = { ...liveSettingsOf(page), beta: liveSettingsOf(page).beta + 1, tau: 0.5 };
    expect(differingSettings(withBeta, page)).toEqual(['tau']);
    expect(continuesText(0, withBeta, page)).toBe(`Start continues training it with the settings on this page; it was trained with time penalty τ 0.5 (here ${page.tau}).`);
  });

  it('leaves out a setting that changes nothing there or here, and names it where either side uses it', () => {
    // A budget step with no ponder budget on either side: idle. With the snapshot's budget of 5 it drove τ.
    const steadyPage = configOf('task=logic&ponderTarget=0&ponderRate=0.01');
    expect(differingSettings(liveSettingsOf(configOf('task=logic&ponderTarget=0&ponderRate=0.003')), steadyPage)).toEqual([]);
    expect(differingSettings(liveSettingsOf(configOf('task=logic&ponderTarget=5&ponderRate=0.003')), steadyPage)).toEqual(['ponderTarget', 'ponderRate']);
    expect(differingSettings(liveSettingsOf(configOf('task=logic&ponderTarget=0&ponderRate=0.003')), { ...steadyPage, ponderTarget: 4 })).toEqual(['ponderTarget', 'ponderRate']);
  });
});
