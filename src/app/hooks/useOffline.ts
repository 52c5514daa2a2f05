import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { type AppError, isAbortError, toAppError } from '../../core/errors';
import { type ModelEntry, modelFolderUrl } from '../../core/registry';
import { parseUrlOptions } from '../../core/urlParams';
import { appConfig } from '../config';
import {
  dtypeOnThisDevice,
  isKeptForOffline,
  type KeepProgress,
  keepForOffline,
} from '../pwa/keep';
import {
  applyUpdate,
  registerServiceWorker,
  type ShellState,
  shellState,
  subscribeShell,
} from '../pwa/register';
import { checkDownload } from '../solver/download';

export type KeepPhase = 'idle' | 'checking' | 'confirm' | 'saving' | 'error';

export interface OfflineState {
  shell: ShellState;
  phase: KeepPhase;
  /** The selected model and its engines are all on this device (undefined: not checked yet). */
  kept?: boolean;
  progress?: KeepProgress;
  confirmBytes?: number;
  error?: AppError;
}

/**
 * The service worker's state and the "Make available offline" job for one
 * model. The worker registers after the page's load event; inside a course
 * page (embed) it registers only when the student asks to keep the tutor,
 * because a page that merely shows the tutor should not download the app.
 */
export function useOffline(entry: ModelEntry | undefined) {
  const [url] = useState(() => parseUrlOptions(window.location.search));
  const shell = useSyncExternalStore(subscribeShell, shellState);
  const [job, setJob] = useState<Omit<OfflineState, 'shell' | 'kept'>>({ phase: 'idle' });
  // Keyed by model, so a job that ends after the student picked another model
  // does not mark that one as kept.
  const [kept, setKept] = useState<{ id: string; ok: boolean }>();
  const confirmRef = useRef<((ok: boolean) => void) | undefined>(undefined);
  const running = useRef(false);

  useEffect(() => {
    if (!url.embed) void registerServiceWorker();
  }, [url]);

  // Is the selected model already kept (e.g. on a later visit)? Caches only, no network.
  useEffect(() => {
    // While the app itself is being saved the engines cannot be asked about yet.
    if (!entry || shell.status === 'installing') return;
    let live = true;
    isKeptForOffline(entry, url.backend).then(
      (ok) => live && setKept({ id: entry.id, ok }),
      () => live && setKept({ id: entry.id, ok: false }),
    );
    return () => {
      live = false;
    };
  }, [entry, shell.status, url]);

  const makeAvailable = useCallback(async () => {
    if (!entry || running.current) return;
    running.current = true;
    // Synchronously, so nothing stale ("Ready offline") shows once the click returns.
    setJob({ phase: 'checking' });
    setKept({ id: entry.id, ok: false });
    try {
      const dtype = await dtypeOnThisDevice(entry, url.backend);
      const check = await checkDownload(
        entry,
        dtype,
        modelFolderUrl(entry, appConfig.hubHost),
        appConfig.confirmDownloadBytes,
      );
      if (check.kind === 'confirm') {
        const ok = await new Promise<boolean>((resolve) => {
          confirmRef.current = resolve;
          setJob({ phase: 'confirm', confirmBytes: check.bytes });
        });
        if (!ok) {
          setJob({ phase: 'idle' });
          return;
        }
      }
      setJob({ phase: 'saving' });
      await keepForOffline({
        entry,
        dtype,
        onProgress: (progress) => setJob({ phase: 'saving', progress }),
      });
      setJob({ phase: 'idle' });
      setKept({ id: entry.id, ok: true });
    } catch (error) {
      setJob(
        isAbortError(error)
          ? { phase: 'idle' }
          : { phase: 'error', error: toAppError(error, 'offline-store') },
      );
    } finally {
      running.current = false;
    }
  }, [entry, url]);

  const answerConfirm = useCallback((ok: boolean) => {
    const resolve = confirmRef.current;
    confirmRef.current = undefined;
    resolve?.(ok);
  }, []);

  const dismissError = useCallback(() => setJob({ phase: 'idle' }), []);

  const state: OfflineState = {
    shell,
    ...(kept && kept.id === entry?.id ? { kept: kept.ok } : {}),
    ...job,
  };
  return { state, makeAvailable, answerConfirm, dismissError, applyUpdate };
}
