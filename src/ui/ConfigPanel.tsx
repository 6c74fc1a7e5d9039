import { useMemo } from 'react';
import type { FieldGroup } from '../config/fields';
import { SCHEMA, idleBecause, relevantKeys, type Config, type ConfigKey } from '../config/schema';
import { budgetFor, settingLimits } from '../run/resourceGuard';
import { getHaltingMethod } from '../core/halting/registry';
import { getTask } from '../tasks/registry';
import { browserMachine } from '../worker/machine';
import { ConfirmBar } from './controls/ConfirmBar';
import { FieldControl } from './controls/FieldControl';
import { PresetChooser } from './controls/PresetChooser';
import type { TrainingSession } from './session/trainingSession';
import { shownConfig, useAppStore, type ChangeAnchor } from './store';

const GROUP_TITLES: Record<FieldGroup, string> = {
  task: 'Task',
  model: 'Model',
  act: 'Pondering (halting method)',
  training: 'Training',
  run: 'Run',
};

const taskLabel = (id: string) => getTask(id).label;
const haltingLabel = (id: string) => getHaltingMethod(id).label;
const OPTION_LABELS: Partial<Record<ConfigKey, (id: string) => string>> = { task: taskLabel, halting: haltingLabel };

/** Every setting of the current task, generated from the schema and grouped as it says. */
export function ConfigPanel({ session }: { session: TrainingSession }) {
  const config = useAppStore(shownConfig);
  const pending = useAppStore((state) => state.pending);
  const confirmAt = (anchor: ChangeAnchor) =>
    pending?.anchor === anchor && <ConfirmBar pending={pending} onConfirm={session.confirmPending} onCancel={session.cancelPending} />;
  const backend = useAppStore((state) => state.backend);
  // What each size setting may grow to here (the resource guard the worker applies before building a model).
  const limits = useMemo(
    () => settingLimits(config, budgetFor(backend?.name ?? 'wasm', { ...browserMachine(), software: backend?.software })),
    [config, backend],
  );
  const keysByGroup = new Map<FieldGroup, ConfigKey[]>();
  for (const key of relevantKeys(config)) {
    const group = SCHEMA[key].group;
    keysByGroup.set(group, [...(keysByGroup.get(group) ?? []), key]);
  }
  return (
    <form className="config-panel" onSubmit={(event) => event.preventDefault()}>
      <PresetChooser onChoose={session.choosePreset} />
      {confirmAt('preset')}
      <p className="panel-note">
        Settings tagged <span className="live-tag">live</span> act on the running training from its next step; the others
        need a new model.
      </p>
      {[...keysByGroup].map(([group, keys]) => (
        <fieldset key={group}>
          <legend>{GROUP_TITLES[group]}</legend>
          {keys.map((key) => (
            <div key={key}>
              <FieldControl
                field={SCHEMA[key]}
                value={config[key]}
                optionLabel={OPTION_LABELS[key]}
                limit={limits.get(key)}
                idle={idleBecause(key, config)}
                onChange={(value) => session.changeSetting(key, value as Config[ConfigKey])}
              />
              {confirmAt(key)}
            </div>
          ))}
        </fieldset>
      ))}
    </form>
  );
}
