import type { FieldGroup } from '../config/fields';
import { SCHEMA, relevantKeys, type ConfigKey } from '../config/schema';
import { FieldControl } from './controls/FieldControl';
import { useAppStore } from './store';
import type { TrainingSession } from './trainingSession';

const GROUP_TITLES: Record<FieldGroup, string> = {
  task: 'Task',
  model: 'Model',
  act: 'Adaptive computation',
  training: 'Training',
  run: 'Run',
};

/** Every setting of the current task, generated from the schema and grouped as it says. */
export function ConfigPanel({ session }: { session: TrainingSession }) {
  const config = useAppStore((state) => state.config);
  const keysByGroup = new Map<FieldGroup, ConfigKey[]>();
  for (const key of relevantKeys(config.task)) {
    const group = SCHEMA[key].group;
    keysByGroup.set(group, [...(keysByGroup.get(group) ?? []), key]);
  }
  return (
    <form className="config-panel" onSubmit={(event) => event.preventDefault()}>
      <p className="panel-note">
        Settings tagged <span className="live-tag">live</span> act on the running training; the others start a new model.
      </p>
      {[...keysByGroup].map(([group, keys]) => (
        <fieldset key={group}>
          <legend>{GROUP_TITLES[group]}</legend>
          {keys.map((key) => (
            <FieldControl key={key} field={SCHEMA[key]} value={config[key]} onChange={(value) => session.changeSetting(key, value)} />
          ))}
        </fieldset>
      ))}
    </form>
  );
}
