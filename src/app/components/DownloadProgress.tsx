import type { LoadProgress } from '../../engines/llm/protocol';
import { formatBytes } from '../solver/download';

/** Bytes in aria-valuenow/aria-valuemax, so assistive tech and tests read real sizes. */
export function DownloadProgress({ progress }: { progress: LoadProgress | undefined }) {
  const loaded = progress?.loaded ?? 0;
  const total = progress?.total ?? 0;
  const label =
    progress === undefined
      ? 'Preparing the model…'
      : progress.phase === 'compile'
        ? 'Preparing the model on this device…'
        : `Downloading ${formatBytes(loaded)} of ${formatBytes(total)}`;
  return (
    <div className="download">
      <div
        role="progressbar"
        aria-label="Model download"
        aria-valuemin={0}
        aria-valuenow={loaded}
        aria-valuemax={Math.max(total, loaded, 1)}
        aria-valuetext={label}
        className="bar"
      >
        <div className="fill" style={{ width: `${total > 0 ? (100 * loaded) / total : 0}%` }} />
      </div>
      <span>{label}</span>
    </div>
  );
}
