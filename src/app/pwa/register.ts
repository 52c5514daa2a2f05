/**
 * The page's side of the service worker: registers it once, reports its state
 * to React (useSyncExternalStore), applies a waiting update on request, and
 * sends requests to the active worker. workbox-window is imported on demand
 * and registers after the page's load event, so none of this delays the
 * first paint or counts against the initial JS budget.
 */
import type { Workbox } from 'workbox-window';
import { AppError } from '../../core/errors';
import type { EngineFile, EngineNeeds, SwReply, SwRequest } from '../../core/pwa/engines';

export interface ShellState {
  /**
   * off: not registered (yet); unsupported: no service worker here (dev
   * server, insecure origin, some private windows); installing: the app is
   * being saved; ready: an active worker has the shell and the LLM engine.
   */
  status: 'off' | 'unsupported' | 'installing' | 'ready' | 'failed';
  /** A new version is installed and waits for the student's "Reload". */
  updateWaiting: boolean;
}

let state: ShellState = { status: 'off', updateWaiting: false };
const listeners = new Set<() => void>();
let registering: Promise<ServiceWorkerRegistration | undefined> | undefined;
let workbox: Workbox | undefined;

export function shellState(): ShellState {
  return state;
}

export function subscribeShell(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function update(patch: Partial<ShellState>): void {
  state = { ...state, ...patch };
  for (const listener of listeners) listener();
}

/** Service workers exist only in production builds (devOptions are off) on secure origins. */
export function serviceWorkerSupported(): boolean {
  return import.meta.env.PROD && 'serviceWorker' in navigator && window.isSecureContext;
}

export function registerServiceWorker(): Promise<ServiceWorkerRegistration | undefined> {
  registering ??= register().catch(() => {
    update({ status: 'failed' });
    return undefined;
  });
  return registering;
}

async function register(): Promise<ServiceWorkerRegistration | undefined> {
  if (!serviceWorkerSupported()) {
    update({ status: 'unsupported' });
    return undefined;
  }
  const { Workbox } = await import('workbox-window');
  // Relative to the app's base, so the app can live under a sub-path; the
  // worker's scope is its own folder.
  const wb = new Workbox(new URL(`${import.meta.env.BASE_URL}sw.js`, document.baseURI).href);
  wb.addEventListener('waiting', () => update({ updateWaiting: true }));
  wb.addEventListener('activated', (event) => {
    if (!event.isUpdate) update({ status: 'ready' });
  });
  // A first install that failed (a file did not download): nothing is saved.
  wb.addEventListener('redundant', (event) => {
    if (!event.isUpdate) update({ status: 'failed' });
  });
  workbox = wb;
  const registration = await wb.register();
  if (registration?.active) {
    // Engines this browser fetched before the worker was in charge (on the
    // first visit) are kept now, from the HTTP cache, before anyone asks
    // whether they are kept. A new worker does the same when it activates.
    await askServiceWorker(registration.active, { type: 'BACKFILL' }, 10_000).catch(() => {});
  }
  update({ status: registration?.active ? 'ready' : 'installing' });
  return registration;
}

/** Activates the waiting version and reloads once it controls the page. */
export function applyUpdate(): void {
  const wb = workbox;
  if (!wb) {
    window.location.reload();
    return;
  }
  wb.addEventListener('controlling', () => window.location.reload());
  wb.messageSkipWaiting();
}

const NOT_SAVED =
  'The app itself could not be saved for offline use (a file did not download). Check the connection and try again.';

/** The worker in charge, once the shell is installed (registers it if needed). */
export async function activeServiceWorker(): Promise<ServiceWorker | undefined> {
  let registration = await registerServiceWorker();
  if (registration && !registration.active && !registration.installing && !registration.waiting) {
    // A first install that failed leaves an empty registration: try again.
    registering = undefined;
    registration = await registerServiceWorker();
  }
  if (!registration) return undefined;
  if (registration.active) return registration.active;
  const installing = registration.installing ?? registration.waiting;
  if (!installing) throw new Error(NOT_SAVED);
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (installing.state === 'activated') resolve();
      if (installing.state === 'redundant') reject(new Error(NOT_SAVED));
    };
    installing.addEventListener('statechange', check);
    check();
  });
  return installing;
}

/** The active worker of an existing registration, without registering one. */
export async function existingServiceWorker(): Promise<ServiceWorker | undefined> {
  if (!serviceWorkerSupported()) return undefined;
  return (await navigator.serviceWorker.getRegistration())?.active ?? undefined;
}

/** A worker that does not answer within this time is taken to have died mid-way. */
const REPLY_TIMEOUT_MS = 10 * 60_000;

/**
 * Sends a request to the active worker, not to a waiting update: the files it
 * keeps must be the ones the running version serves.
 */
export function askServiceWorker(
  worker: ServiceWorker,
  request: SwRequest,
  timeoutMs = REPLY_TIMEOUT_MS,
): Promise<SwReply> {
  return new Promise((resolve, reject) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => {
      channel.port1.close();
      reject(new Error('The offline store did not answer. Reload the page and try again.'));
    }, timeoutMs);
    channel.port1.onmessage = (event: MessageEvent<SwReply>) => {
      clearTimeout(timer);
      channel.port1.close();
      resolve(event.data);
    };
    worker.postMessage(request, [channel.port2]);
  });
}

/** Which engine files these needs take on this device, and which the worker keeps already. */
export async function engineFilesHere(
  worker: ServiceWorker,
  needs: EngineNeeds,
): Promise<EngineFile[]> {
  const reply = await askServiceWorker(worker, { type: 'ENGINE_FILES', needs });
  if (reply.type === 'FAILED') throw new AppError('offline-store', { details: reply.message });
  return reply.type === 'ENGINE_FILES' ? reply.files : [];
}

/** Has the worker keep one engine file (or models.json) now. */
export async function keepInServiceWorker(worker: ServiceWorker, url: string): Promise<void> {
  const reply = await askServiceWorker(worker, { type: 'KEEP', url });
  if (reply.type === 'FAILED') throw new AppError('offline-store', { details: reply.message });
}
