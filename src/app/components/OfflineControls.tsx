import type { ModelEntry } from '../../core/registry';
import { type OfflineState, useOffline } from '../hooks/useOffline';
import { type TFunction, useTranslation } from '../i18n';
import { formatBytes } from '../solver/download';
import { ConfirmDownload } from './ConfirmDownload';
import { ErrorAlert } from './ErrorAlert';
import './OfflineControls.css';

/**
 * "Make available offline" for the selected model, what is on this device,
 * and "Update available — Reload" when a new version of the app waits.
 */
export function OfflineControls({ entry }: { entry: ModelEntry | undefined }) {
  const { t } = useTranslation();
  const { state, makeAvailable, answerConfirm, dismissError, applyUpdate } = useOffline(entry);
  const busy = state.phase === 'checking' || state.phase === 'confirm' || state.phase === 'saving';
  return (
    <div className="offline">
      <button type="button" onClick={() => void makeAvailable()} disabled={!entry || busy}>
        {t('offline.button')}
      </button>
      {state.phase === 'saving' && state.progress && state.progress.total > 0 && (
        <div
          role="progressbar"
          aria-label={t('offline.progress')}
          aria-valuemin={0}
          aria-valuenow={state.progress.loaded}
          aria-valuemax={state.progress.total}
          className="bar"
        >
          <div
            className="fill"
            style={{ width: `${(100 * state.progress.loaded) / state.progress.total}%` }}
          />
        </div>
      )}
      {/* Always present, so screen readers announce its changes. */}
      <p role="status" aria-label={t('offline.status')} className="note">
        {noteFor(state, entry, t)}
      </p>
      {state.shell.updateWaiting && (
        <p role="status" aria-label={t('offline.update')} className="note update">
          {t('offline.updateAvailable')}{' '}
          <button type="button" className="link" onClick={applyUpdate}>
            {t('offline.reload')}
          </button>
        </p>
      )}
      {state.phase === 'confirm' && entry && state.confirmBytes !== undefined && (
        <ConfirmDownload
          modelName={entry.name}
          bytes={state.confirmBytes}
          onAnswer={answerConfirm}
        />
      )}
      {state.phase === 'error' && state.error && (
        <ErrorAlert error={state.error} onDismiss={dismissError} />
      )}
    </div>
  );
}

/** The text of the "Offline" status: what is on this device, or what is happening. */
export function noteFor(state: OfflineState, entry: ModelEntry | undefined, t: TFunction): string {
  switch (state.phase) {
    case 'checking':
      return t('offline.checking');
    case 'saving': {
      const progress = state.progress;
      return progress && progress.total > 0
        ? t('offline.savingBytes', {
            loaded: formatBytes(progress.loaded),
            total: formatBytes(progress.total),
          })
        : t('offline.saving');
    }
    case 'confirm':
    case 'error':
      return '';
    case 'idle':
      break;
  }
  if (state.kept && entry) {
    if (state.shell.status === 'unsupported' || state.shell.status === 'failed')
      return t('offline.keptNoShell', { model: entry.name });
    return t(entry.tir ? 'offline.readyTir' : 'offline.ready', { model: entry.name });
  }
  switch (state.shell.status) {
    case 'ready':
      return t('offline.shellReady');
    case 'installing':
      return t('offline.shellInstalling');
    case 'failed':
      return t('offline.shellFailed');
    default:
      return '';
  }
}
