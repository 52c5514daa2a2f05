import type { ReasoningMode } from '../../core/prompts';
import type { ModelEntry } from '../../core/registry';

interface ModelPickerProps {
  models: ModelEntry[];
  modelId: string;
  mode: ReasoningMode;
  disabled: boolean;
  onModel: (id: string) => void;
  onMode: (mode: ReasoningMode) => void;
}

export function ModelPicker({
  models,
  modelId,
  mode,
  disabled,
  onModel,
  onMode,
}: ModelPickerProps) {
  const selected = models.find((m) => m.id === modelId);
  return (
    <div className="pickers">
      <label>
        Model
        <select value={modelId} disabled={disabled} onChange={(e) => onModel(e.target.value)}>
          {models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Reasoning
        <select
          value={mode}
          disabled={disabled}
          onChange={(e) => onMode(e.target.value === 'tir' ? 'tir' : 'cot')}
        >
          <option value="cot">Step by step</option>
          <option value="tir">With Python</option>
        </select>
      </label>
      {mode === 'tir' && selected && !selected.tir && (
        <p className="note">
          {selected.name} was not trained to use Python; it will reason step by step. Pick
          Qwen2.5-Math for “With Python”.
        </p>
      )}
    </div>
  );
}
