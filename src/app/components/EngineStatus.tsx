import type { EngineInfo } from '../hooks/useSolver';

const NAMES = { webgpu: 'WebGPU', wasm: 'WASM' } as const;

export function EngineStatus({ engine }: { engine: EngineInfo }) {
  const text = engine.backend
    ? `${NAMES[engine.backend]}${engine.tokensPerSecond ? ` · ${engine.tokensPerSecond.toFixed(1)} tokens/s` : ''}`
    : 'No model loaded';
  return (
    <output className="engine-status" aria-label="Engine" title={engine.fallbackReason}>
      {text}
      {engine.fallbackReason && <span className="note"> (WebGPU failed, running on WASM)</span>}
    </output>
  );
}
