import { PRESET_TEXT, presetNamesOf, type PresetName } from '../../config/presets';
import { getTask } from '../../tasks/registry';
import { matchingPreset } from '../session/configChanges';
import { shownConfig, useAppStore } from '../store';

/**
 * The task's presets (quick, paper and any of its own) as buttons, each with what it reached as measured where the
 * task says; the one the settings match is marked as pressed.
 */
export function PresetChooser({ onChoose }: { onChoose: (preset: PresetName) => void }) {
  const config = useAppStore(shownConfig);
  const { presets, presetResults = {} } = getTask(config.task);
  const current = matchingPreset(config, presets);
  return (
    <div className="presets" role="group" aria-labelledby="presets-title">
      <p id="presets-title" className="presets-title">
        Preset for {getTask(config.task).label}: <span className="presets-current">{current ?? 'custom settings'}</span>
      </p>
      <div className="preset-buttons">
        {presetNamesOf(presets).map((name) => (
          <button key={name} type="button" aria-pressed={current === name} onClick={() => onChoose(name)}>
            <strong>{name}</strong> — {PRESET_TEXT[name]}
            {presetResults[name] && <span className="preset-result">Measured: {presetResults[name]}</span>}
          </button>
        ))}
      </div>
    </div>
  );
}
