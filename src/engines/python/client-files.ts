/**
 * The page's side of the Python worker's file channel (protocol.ts,
 * FileRequest). The worker has no network of its own (client-frame.ts); it
 * asks, and the page fetches from its own origin, so the service worker
 * serves Pyodide's files offline as it serves the rest of the app. Wheels
 * from a package index (another origin) are kept in Cache Storage here, or a
 * build that relies on an index would need the network at every start.
 *
 * Only the engine's own files are served: those under Pyodide's folder, and
 * under the package index that folder's python-packages.json names. A worker
 * running hostile code gets nothing else of the app's origin.
 */
import { describeThrown } from '../../core/errors';
import type { ToWorker } from '../rpc/calls';
import type { PortFactory } from '../rpc/port';
import { isPackagesManifest, PACKAGES_MANIFEST } from './packages';
import { type FileReply, type FileRequest, isFileRequest, type PythonCalls } from './protocol';

const PACKAGE_CACHE = 'math-tutor-python-packages-v1';

/** A port to a worker that also takes file replies. */
export type FilePortFactory = PortFactory<ToWorker<PythonCalls> | FileReply>;

/** Wraps `inner` so that the worker's file requests are answered, under `indexURL` only. */
export function serveFiles(
  inner: FilePortFactory,
  indexURL: string,
): PortFactory<ToWorker<PythonCalls>> {
  const allowed = new Set([new URL(indexURL).href]);
  const read = async (asked: string): Promise<ArrayBuffer> => {
    // Parsed first, so that `…/pyodide/../secret` is judged as the `/secret` it fetches.
    const url = new URL(asked).href;
    if (![...allowed].some((base) => url.startsWith(base))) {
      throw new Error(`${url} is not one of the Python engine's files`);
    }
    const bytes = await fetchKept(url);
    if (url.endsWith(PACKAGES_MANIFEST)) allowIndexOf(url, bytes, allowed);
    return bytes;
  };
  return (events) => {
    const port = inner({
      onMessage: (data) => {
        if (isFileRequest(data)) void answer(data);
        else events.onMessage(data);
      },
      onCrash: (details) => events.onCrash(details),
    });
    const answer = async ({ id, url }: FileRequest) => {
      let reply: FileReply;
      const transfer: Transferable[] = [];
      try {
        const bytes = await read(url);
        reply = { type: 'python-file', id, bytes };
        transfer.push(bytes);
      } catch (error) {
        reply = { type: 'python-file', id, error: describeThrown(error) };
      }
      port.post(reply, transfer);
    };
    return port;
  };
}

async function fetchKept(url: string): Promise<ArrayBuffer> {
  const crossOrigin = new URL(url).origin !== location.origin;
  const cache =
    crossOrigin && typeof caches !== 'undefined'
      ? await caches.open(PACKAGE_CACHE).catch(() => undefined)
      : undefined;
  const cached = await cache?.match(url);
  const response = cached ?? (await fetch(url));
  if (!response.ok) throw new Error(`${url} could not be downloaded (HTTP ${response.status})`);
  if (cache && !cached) await cache.put(url, response.clone()).catch(() => {});
  return response.arrayBuffer();
}

/** The package index a manifest names (its wheels' base URL) becomes servable too. */
function allowIndexOf(manifestUrl: string, bytes: ArrayBuffer, allowed: Set<string>): void {
  try {
    const manifest: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (!isPackagesManifest(manifest)) return;
    const base = manifest.index.url.endsWith('/') ? manifest.index.url : `${manifest.index.url}/`;
    allowed.add(new URL(base, manifestUrl).href);
  } catch {
    // Not JSON: the worker says so when it reads the manifest.
  }
}
