/**
 * Which models can be used from here, found out at start without downloading
 * anything: a model stored on this device can always be used; otherwise its
 * config.json is asked for, with a short time limit. The answer decides which
 * model the app opens on and what Solve says for one that cannot be reached.
 */
import type { ErrorCode } from './error-codes';
import type { ModelEntry } from './registry';

export type UnavailableReason =
  /** The host answered, without this model (404, or a web page instead of config.json). */
  | 'missing'
  /** The host is there but refuses this site (CORS, 401/403). */
  | 'blocked'
  /** No answer in time, or a server error. */
  | 'unreachable'
  /** The device is offline and the model is not stored. */
  | 'offline'
  /** The deployment allows only the models it hosts itself (models.json `"hub": false`). */
  | 'not-allowed';

export type Availability =
  | { state: 'checking' }
  | { state: 'available'; stored: boolean }
  | { state: 'unavailable'; reason: UnavailableReason; detail: string };

export interface ProbeDeps {
  fetch: typeof fetch;
  /** The model's config.json is in this device's model cache. */
  isStored: (folderUrl: string) => Promise<boolean>;
  /** navigator.onLine; false means certainly offline. */
  online: () => boolean;
  timeoutMs?: number;
}

export const PROBE_TIMEOUT_MS = 4000;

export async function probeModel(folderUrl: string, deps: ProbeDeps): Promise<Availability> {
  if (await deps.isStored(folderUrl).catch(() => false))
    return { state: 'available', stored: true };
  if (!deps.online()) return unavailable('offline', 'the device is offline');
  const url = `${folderUrl}config.json`;
  const timeoutMs = deps.timeoutMs ?? PROBE_TIMEOUT_MS;
  let response: Response;
  try {
    response = await deps.fetch(url, {
      cache: 'no-cache',
      credentials: 'omit',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    if (isTimeout(error)) return unavailable('unreachable', `${url}: no answer in ${timeoutMs} ms`);
    // A fetch that fails without a status is CORS or no server: a `no-cors`
    // request is answered (opaquely) only when the server is there.
    const answers = await deps
      .fetch(url, { mode: 'no-cors', credentials: 'omit', signal: AbortSignal.timeout(timeoutMs) })
      .then(
        () => true,
        () => false,
      );
    return answers
      ? unavailable('blocked', `${url}: the server does not allow this site (CORS)`)
      : unavailable('unreachable', `${url}: ${String(error)}`);
  }
  if (response.status === 401 || response.status === 403) {
    return unavailable('blocked', `${url}: HTTP ${response.status}`);
  }
  if (!response.ok) {
    return unavailable(
      response.status >= 500 ? 'unreachable' : 'missing',
      `${url}: HTTP ${response.status}`,
    );
  }
  // Static hosts with a single-page-app fallback answer 200 with index.html.
  const config: unknown = await response.json().catch(() => undefined);
  if (typeof config !== 'object' || config === null || !('model_type' in config)) {
    return unavailable('missing', `${url}: not a model's config.json`);
  }
  return { state: 'available', stored: false };
}

function unavailable(reason: UnavailableReason, detail: string): Availability {
  return { state: 'unavailable', reason, detail };
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'TimeoutError';
}

/** The error a Solve on an unavailable model reports. */
export function unavailableCode(reason: UnavailableReason): ErrorCode {
  switch (reason) {
    case 'blocked':
      return 'model-blocked';
    case 'offline':
      return 'offline';
    default:
      return 'model-unavailable';
  }
}

export function isUsable(availability: Availability | undefined): boolean {
  return availability?.state === 'available';
}

/**
 * The model to open on: the one the address asks for if it can be used, else
 * the one last used on this device, else the first usable one in registry
 * order. While answers are missing the preference stands; when nothing is
 * usable, the asked-for or first model is kept so Solve can say why.
 */
export function pickModel(
  models: readonly ModelEntry[],
  availability: ReadonlyMap<string, Availability>,
  preferred: { requested?: string | undefined; lastUsed?: string | undefined },
): string | undefined {
  const known = (id: string | undefined) =>
    id !== undefined && models.some((m) => m.id === id) ? id : undefined;
  const requested = known(preferred.requested);
  const lastUsed = known(preferred.lastUsed);
  const state = (id: string | undefined) => (id ? availability.get(id)?.state : undefined);
  for (const id of [requested, lastUsed]) {
    if (id && state(id) !== 'unavailable') {
      // Still being checked: keep it for now; the answer may move us on.
      return id;
    }
  }
  // In registry order; one still being checked may yet turn out usable.
  const candidate = models.find((m) => state(m.id) !== 'unavailable');
  return candidate?.id ?? requested ?? models[0]?.id;
}
