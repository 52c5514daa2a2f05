import { useEffect, useRef } from 'react';
import { useTranslation } from '../../i18n';

interface ClearHistoryDialogProps {
  count: number;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * Asks before deleting everything. A modal <dialog>: the browser keeps the
 * focus inside, closes it on Escape and returns the focus to "Clear history".
 * "Cancel" has the focus first, so Enter alone deletes nothing.
 */
export function ClearHistoryDialog({ count, onConfirm, onCancel }: ClearHistoryDialogProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="history-dialog"
      aria-labelledby="clear-history-title"
      aria-describedby="clear-history-text"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h3 id="clear-history-title">{t('history.clearTitle')}</h3>
      <p id="clear-history-text">{t('history.clearText', { count })}</p>
      <div className="history-dialog-actions">
        {/* biome-ignore lint/a11y/noAutofocus: the safe choice has the focus when the dialog opens. */}
        <button type="button" autoFocus onClick={onCancel}>
          {t('history.cancel')}
        </button>
        <button type="button" className="danger" onClick={onConfirm}>
          {t('history.deleteAll')}
        </button>
      </div>
    </dialog>
  );
}
