import { formatBytes } from '../solver/download';

interface ConfirmDownloadProps {
  modelName: string;
  bytes: number;
  onAnswer: (ok: boolean) => void;
}

export function ConfirmDownload({ modelName, bytes, onAnswer }: ConfirmDownloadProps) {
  return (
    <div role="dialog" aria-label="Download model" className="confirm">
      <p>
        {modelName} is a {formatBytes(bytes)} download. It is kept on this device, so this happens
        only once, and then the tutor works offline.
      </p>
      <button type="button" onClick={() => onAnswer(true)}>
        Download
      </button>
      <button type="button" onClick={() => onAnswer(false)}>
        Cancel
      </button>
    </div>
  );
}
