import { PRESET_NAMES, type PresetName } from '../../config/schema';
import { getTask } from '../../tasks/registry';
import { matchingPreset } from '../session/configChanges';
import { shownConfig, useAppStore } from '../store';

const PRESET_TEXT: Record<PresetName, { title: string; detail: string }> = {
  quick: { title: 'quick', detail: 'learns in minutes' },
  paper: { title: 'paper', detail: "the paper's sizes" },
};

/** The task's presets as two buttons; the one the settings match is marked as pressed. */
export function PresetChooser({ onChoose }: { onChoose: (preset: PresetName) => void }) {
  const config = useAppStore(shownConfig);
  const current = matchingPreset(config, getTask(config.task).presets);
  return (
    <div className="presets" role="group" aria-labelledby="presets-title">
      <p id="presets-title" className="presets-title">
        Preset for {getTask(config.task).label}: <span className="presets-current">{current ?? 'custom settings'}</span>
      </p>
      <div className="preset-buttons">
        {PRESET_NAMES.map((name) => (
          <button key={name} type="button" aria-pressed={current === name} onClick={() => onChoose(name)}>
            <strong>{PRESET_TEXT[name].title}</strong> — {PRESET_TEXT[name].detail}
          </button>
        ))}
      </div>
    </div>
  );
}
