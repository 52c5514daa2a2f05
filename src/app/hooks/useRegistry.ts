import { useEffect, useState } from 'react';
import { AppError, describeThrown } from '../../core/errors';
import {
  builtinModels,
  type Manifest,
  type ModelEntry,
  mergeRegistry,
  readManifest,
} from '../../core/registry';
import { appConfig } from '../config';

export interface RegistryState {
  models: ModelEntry[];
  /** False until models.json has been read (or found absent): `?model=` waits for it. */
  ready: boolean;
  /** Whether Hub models may be asked for (models.json `"hub": false` says no). */
  hub: boolean;
  error?: AppError;
}

/** The built-in models merged with the deployment's models.json, if it has one. */
export function useRegistry(): RegistryState {
  const [state, setState] = useState<RegistryState>(() => ({
    models: builtinModels(builtinOptions()),
    ready: false,
    hub: true,
  }));

  useEffect(() => {
    let cancelled = false;
    loadManifest().then(
      (manifest) => {
        if (!cancelled)
          setState({
            models: mergeRegistry(builtinModels(builtinOptions()), manifest.models),
            ready: true,
            hub: manifest.hub,
          });
      },
      (error: unknown) => {
        if (cancelled) return;
        setState((previous) => ({
          ...previous,
          ready: true,
          error: new AppError('model-manifest', { details: describeThrown(error) }),
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

async function loadManifest(): Promise<Manifest> {
  const url = new URL('models.json', document.baseURI).href;
  const response = await fetch(url, { cache: 'no-cache' });
  // Absent is normal: most deployments use only the built-in models. A static
  // server's SPA fallback may answer with index.html, which is absent too.
  if (response.status === 404 || !response.headers.get('content-type')?.includes('json'))
    return { models: [], hub: true };
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return readManifest(await response.json(), url);
}
