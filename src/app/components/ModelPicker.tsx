import type { Availability } from '../../core/availability';
import { LANGUAGES, type Language } from '../../core/language';
import type { ReasoningMode } from '../../core/prompts';
import type { ModelEntry } from '../../core/registry';
import { useTranslation } from '../i18n';

export type HelpMode = 'full' | 'hints';

interface ModelPickerProps {
  models: ModelEntry[];
  availability: ReadonlyMap<string, Availability>;
  modelId: string;
  mode: ReasoningMode;
  disabled: boolean;
  onModel: (id: string) => void;
  onMode: (mode: ReasoningMode) => void;
}

/** Which model, and how it reasons. A model that cannot be reached says so in its option. */
export function ModelPicker(props: ModelPickerProps) {
  const { models, availability, modelId, mode, disabled } = props;
  const { t } = useTranslation();
  const selected = models.find((m) => m.id === modelId);
  return (
    <div className="pickers">
      <label>
        <span>{t('pickers.model')}</span>
        <select value={modelId} disabled={disabled} onChange={(e) => props.onModel(e.target.value)}>
          {models.map((m) => (
            <option key={m.id} value={m.id}>
              {availability.get(m.id)?.state === 'unavailable'
                ? t('models.unavailable', { model: m.name })
                : m.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('pickers.reasoning')}</span>
        <select
          value={mode}
          disabled={disabled}
          onChange={(e) => props.onMode(e.target.value === 'tir' ? 'tir' : 'cot')}
        >
          <option value="cot">{t('pickers.cot')}</option>
          <option value="tir">{t('pickers.tir')}</option>
        </select>
      </label>
      {mode === 'tir' && selected && !selected.tir && (
        <p className="note">{t('pickers.notTir', { model: selected.name })}</p>
      )}
    </div>
  );
}

/** How much help: the whole solution, or hints one step at a time. */
export function HelpPicker({
  help,
  disabled,
  onHelp,
}: {
  help: HelpMode;
  disabled: boolean;
  onHelp: (help: HelpMode) => void;
}) {
  const { t } = useTranslation();
  return (
    <label className="help-picker">
      <span>{t('pickers.help')}</span>
      <select
        value={help}
        disabled={disabled}
        onChange={(e) => onHelp(e.target.value === 'hints' ? 'hints' : 'full')}
      >
        <option value="full">{t('pickers.full')}</option>
        <option value="hints">{t('pickers.hints')}</option>
      </select>
    </label>
  );
}

export function LanguagePicker({
  language,
  onLanguage,
}: {
  language: Language;
  onLanguage: (language: Language) => void;
}) {
  const { t } = useTranslation();
  return (
    <label className="language-picker">
      <span className="visually-hidden">{t('pickers.language')}</span>
      <select value={language} onChange={(e) => onLanguage(e.target.value === 'zh' ? 'zh' : 'en')}>
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.htmlLang}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}
