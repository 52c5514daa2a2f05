import { useEffect, useState } from 'react';
import type { EngineInfo, SolverState } from '../hooks/useSolver';
import { useTranslation } from '../i18n';

const NAMES = { webgpu: 'WebGPU', wasm: 'WASM' } as const;

/**
 * Where the model runs and why ("WASM · no hardware GPU · 15.8 tokens/s"),
 * and before the first token what is happening with the seconds it has
 * taken, ticking once a second so a long wait never looks frozen.
 */
export function EngineStatus({ engine, wait }: { engine: EngineInfo; wait: SolverState['wait'] }) {
  const { t } = useTranslation();
  const seconds = useElapsedSeconds(wait?.since);
  let text: string;
  if (wait) {
    text = t(`engine.${wait.stage}`, { seconds });
  } else if (engine.backend) {
    const reason = engine.reason ? t(`engine.reasons.${engine.reason}`) : '';
    text = [
      NAMES[engine.backend],
      reason,
      engine.tokensPerSecond ? t('engine.speed', { speed: engine.tokensPerSecond.toFixed(1) }) : '',
    ]
      .filter(Boolean)
      .join(' · ');
  } else {
    text = t('engine.none');
  }
  return (
    <output className="engine-status" aria-label={t('engine.label')}>
      {text}
    </output>
  );
}

function useElapsedSeconds(since: number | undefined): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (since === undefined) return;
    setNow(performance.now());
    const timer = setInterval(() => setNow(performance.now()), 1000);
    return () => clearInterval(timer);
  }, [since]);
  return since === undefined ? 0 : Math.max(0, Math.floor((now - since) / 1000));
}
