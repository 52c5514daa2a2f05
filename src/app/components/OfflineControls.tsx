import type { ModelEntry } from '../../core/registry';
import { type OfflineState, useOffline } from '../hooks/useOffline';
import { formatBytes } from '../solver/download';
import { ConfirmDownload } from './ConfirmDownload';
import { ErrorAlert } from './ErrorAlert';
import './OfflineControls.css';

/**
 * "Make available offline" for the selected model, what is on this device,
 * and "Update available — Reload" when a new version of the app waits.
 */
export function OfflineControls({ entry }: { entry: ModelEntry | undefined }) {
  const { state, makeAvailable, answerConfirm, dismissError, applyUpdate } = useOffline(entry);
  const busy = state.phase === 'checking' || state.phase === 'confirm' || state.phase === 'saving';
  return (
    <div className="offline">
      <button type="button" onClick={() => void makeAvailable()} disabled={!entry || busy}>
        Make available offline
      </button>
      {state.phase === 'saving' && state.progress && state.progress.total > 0 && (
        <div
          role="progressbar"
          aria-label="Offline download"
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
      <p role="status" aria-label="Offline" className="note">
        {noteFor(state, entry)}
      </p>
      {state.shell.updateWaiting && (
        <p role="status" aria-label="Update" className="note update">
          Update available —{' '}
          <button type="button" className="link" onClick={applyUpdate}>
            Reload
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
        <ErrorAlert message={state.error} onDismiss={dismissError} />
      )}
    </div>
  );
}

/** The text of the "Offline" status: what is on this device, or what is happening. */
export function noteFor(state: OfflineState, entry: ModelEntry | undefined): string {
  switch (state.phase) {
    case 'checking':
      return 'Checking what is already on this device…';
    case 'saving': {
      const progress = state.progress;
      return progress && progress.total > 0
        ? `Saving for offline use: ${formatBytes(progress.loaded)} of ${formatBytes(progress.total)}`
        : 'Saving for offline use…';
    }
    case 'confirm':
    case 'error':
      return '';
    case 'idle':
      break;
  }
  if (state.kept && entry) {
    if (state.shell.status === 'unsupported' || state.shell.status === 'failed')
      return `${entry.name} is kept on this device, but this browser cannot open the app without a network.`;
    return `Ready offline: ${entry.name}${entry.tir ? ', photo reading and Python' : ' and photo reading'}.`;
  }
  switch (state.shell.status) {
    case 'ready':
      return 'Ready offline: the app (not yet this model).';
    case 'installing':
      return 'Saving the app for offline use…';
    case 'failed':
      return 'The app could not be saved for offline use; it tries again on the next visit.';
    default:
      return '';
  }
}
