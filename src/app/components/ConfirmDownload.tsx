import { useTranslation } from '../i18n';
import { formatBytes } from '../solver/download';

interface ConfirmDownloadProps {
  modelName: string;
  bytes: number;
  onAnswer: (ok: boolean) => void;
}

export function ConfirmDownload({ modelName, bytes, onAnswer }: ConfirmDownloadProps) {
  const { t } = useTranslation();
  return (
    <div role="dialog" aria-label={t('download.confirmTitle')} className="confirm">
      <p>{t('download.confirm', { model: modelName, size: formatBytes(bytes) })}</p>
      <button type="button" className="primary" onClick={() => onAnswer(true)}>
        {t('download.download')}
      </button>
      <button type="button" className="secondary" onClick={() => onAnswer(false)}>
        {t('download.cancel')}
      </button>
    </div>
  );
}
