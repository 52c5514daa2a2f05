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
  help: HelpMode;
  language: Language;
  disabled: boolean;
  onModel: (id: string) => void;
  onMode: (mode: ReasoningMode) => void;
  onHelp: (help: HelpMode) => void;
  onLanguage: (language: Language) => void;
}

/** The settings row: model (marked where it cannot be reached), reasoning, help, language. */
export function ModelPicker(props: ModelPickerProps) {
  const { models, availability, modelId, mode, help, language, disabled } = props;
  const { t } = useTranslation();
  const selected = models.find((m) => m.id === modelId);
  return (
    <div className="pickers">
      <label>
        {t('pickers.model')}
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
        {t('pickers.reasoning')}
        <select
          value={mode}
          disabled={disabled}
          onChange={(e) => props.onMode(e.target.value === 'tir' ? 'tir' : 'cot')}
        >
          <option value="cot">{t('pickers.cot')}</option>
          <option value="tir">{t('pickers.tir')}</option>
        </select>
      </label>
      <label>
        {t('pickers.help')}
        <select
          value={help}
          disabled={disabled}
          onChange={(e) => props.onHelp(e.target.value === 'hints' ? 'hints' : 'full')}
        >
          <option value="full">{t('pickers.full')}</option>
          <option value="hints">{t('pickers.hints')}</option>
        </select>
      </label>
      <label>
        {t('pickers.language')}
        <select
          value={language}
          onChange={(e) => props.onLanguage(e.target.value === 'zh' ? 'zh' : 'en')}
        >
          {LANGUAGES.map((l) => (
            <option key={l.code} value={l.code} lang={l.htmlLang}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      {mode === 'tir' && selected && !selected.tir && (
        <p className="note">{t('pickers.notTir', { model: selected.name })}</p>
      )}
    </div>
  );
}
