import type { ModelEntry } from '../../core/registry';
import { useTranslation } from '../i18n';

/** What a student can do about a model that cannot be reached: use another; how a school hosts one. */
export function Unavailable({
  alternative,
  onUse,
}: {
  alternative: ModelEntry | undefined;
  onUse: (id: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="unavailable">
      {alternative && (
        <button type="button" className="secondary" onClick={() => onUse(alternative.id)}>
          {t('models.useInstead', { model: alternative.name })}
        </button>
      )}
      <details>
        <summary>{t('models.howToHost')}</summary>
        <p>{t('models.hostSteps')}</p>
      </details>
    </div>
  );
}
