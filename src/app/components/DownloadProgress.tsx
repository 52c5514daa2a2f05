import { useEffect, useRef, useState } from 'react';
import { formatDuration, RateMeter } from '../../core/rate';
import { useTranslation } from '../i18n';
import { formatBytes } from '../solver/download';

/**
 * A model download: bytes (in aria-valuenow/aria-valuemax, so assistive tech
 * and tests read real sizes), speed over the last seconds, time left, Cancel.
 */
export function DownloadProgress({
  loaded,
  total,
  onCancel,
}: {
  loaded: number;
  total: number;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const meter = useRef(new RateMeter());
  const [, redraw] = useState(0);
  useEffect(() => {
    meter.current.add({ ms: performance.now(), bytes: loaded });
  }, [loaded]);
  // The rate decays during a stall even when no bytes arrive to trigger a render.
  useEffect(() => {
    const timer = setInterval(() => {
      meter.current.add({ ms: performance.now(), bytes: loaded });
      redraw((n) => n + 1);
    }, 1000);
    return () => clearInterval(timer);
  }, [loaded]);
  const { bytesPerSecond, secondsLeft } = meter.current.estimate(total);
  const parts = [
    total > 0
      ? t('progress.bytes', { loaded: formatBytes(loaded), total: formatBytes(total) })
      : t('progress.starting'),
    bytesPerSecond !== undefined ? t('progress.speed', { speed: formatBytes(bytesPerSecond) }) : '',
    secondsLeft !== undefined && bytesPerSecond
      ? t('progress.left', { time: formatDuration(secondsLeft) })
      : '',
  ].filter(Boolean);
  const label = parts.join(' · ');
  return (
    <div className="download">
      <div
        role="progressbar"
        aria-label={t('download.label')}
        aria-valuemin={0}
        aria-valuenow={loaded}
        aria-valuemax={Math.max(total, loaded, 1)}
        aria-valuetext={label}
        className="bar"
      >
        <div className="fill" style={{ width: `${total > 0 ? (100 * loaded) / total : 0}%` }} />
      </div>
      <span className="download-text">{label}</span>
      <button type="button" className="link" onClick={onCancel}>
        {t('progress.cancel')}
      </button>
    </div>
  );
}
