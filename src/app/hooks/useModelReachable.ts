import { useEffect, useState } from 'react';
import type { ModelEntry } from '../../core/registry';

/**
 * Whether a self-hosted model's folder answers. Qwen2-Math has no public ONNX
 * build, so a deployment that does not host our export must say so before the
 * student presses Solve, and offer a model that is reachable.
 * Hub models are not probed: that would be a request to the Hub on every visit.
 */
export function useModelReachable(entry: ModelEntry | undefined): boolean | undefined {
  const [reachable, setReachable] = useState<boolean>();
  const baseUrl = entry?.baseUrl;
  useEffect(() => {
    setReachable(undefined);
    if (!baseUrl) return;
    const controller = new AbortController();
    fetch(`${baseUrl}config.json`, { signal: controller.signal })
      .then(async (response) => {
        // Static hosts with an SPA fallback answer 200 with index.html.
        if (!response.ok) return false;
        const config: unknown = await response.json().catch(() => undefined);
        return typeof config === 'object' && config !== null && 'model_type' in config;
      })
      .catch(() => false)
      .then((ok) => {
        if (!controller.signal.aborted) setReachable(ok);
      });
    return () => controller.abort();
  }, [baseUrl]);
  return reachable;
}
