import { useEffect, useState } from 'react';
import { builtinModels, type ModelEntry, mergeRegistry, parseManifest } from '../../core/registry';
import { appConfig } from '../config';

export interface RegistryState {
  models: ModelEntry[];
  /** False until models.json has been read (or found absent): `?model=` waits for it. */
  ready: boolean;
  error?: string;
}

/** The built-in models merged with the deployment's models.json, if it has one. */
export function useRegistry(): RegistryState {
  const [state, setState] = useState<RegistryState>(() => ({
    models: builtinModels(builtinOptions()),
    ready: false,
  }));

  useEffect(() => {
    let cancelled = false;
    loadManifest().then(
      (extra) => {
        if (!cancelled)
          setState({ models: mergeRegistry(builtinModels(builtinOptions()), extra), ready: true });
      },
      (error: unknown) => {
        if (cancelled) return;
        setState((previous) => ({
          ...previous,
          ready: true,
          error: `models.json could not be read (${error instanceof Error ? error.message : String(error)}). The built-in models are still available.`,
        }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  return state;
}

function builtinOptions() {
  return {
    appBase: document.baseURI,
    ...(appConfig.modelHost ? { modelHost: appConfig.modelHost } : {}),
  };
}

async function loadManifest(): Promise<ModelEntry[]> {
  const url = new URL('models.json', document.baseURI).href;
  const response = await fetch(url, { cache: 'no-cache' });
  // Absent is normal: most deployments use only the built-in models. A static
  // server's SPA fallback may answer with index.html, which is absent too.
  if (response.status === 404 || !response.headers.get('content-type')?.includes('json')) return [];
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return parseManifest(await response.json(), url);
}
