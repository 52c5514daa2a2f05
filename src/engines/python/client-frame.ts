/**
 * Where the Python worker lives in the browser: not in the app's page but in
 * a sandboxed iframe of its own (`sandbox="allow-scripts"`, without
 * allow-same-origin), one frame per worker, which owns the worker.
 *
 * - Its own process: the frame's origin is opaque, so it is cross-origin to
 *   the app, and Chromium runs it in another renderer process. A program that
 *   exhausts that process's memory ends the frame, not the student's tab. A
 *   dead process says nothing, so the page pings the frame; a frame silent
 *   for SILENCE_MS fails its worker's calls (the run ends with MemoryError)
 *   and the next worker gets a fresh frame.
 * - No handle on the app: the frame and its worker have an origin of their
 *   own, so even a program that escaped Pyodide's sandbox would find no
 *   storage, cookies or service worker of the app's.
 * - No network of its own either: the frame is written inline (srcdoc), the
 *   worker starts from a data: URL with code the page fetched, and every file
 *   the worker reads comes from the page (client-files.ts) through the app's
 *   service worker, so all of it works offline and inside an embed.
 *
 * A page that refuses the frame (a Content-Security-Policy without inline
 * scripts, say) gets a frame that never connects: after CONNECT_MS its
 * messages go to `fallback`, a worker in the page as before, and so do all
 * later workers.
 */
import { describeThrown } from '../../core/errors';
import type { PortEvents, PortFactory, WorkerPort } from '../rpc/port';

/** The page's one message to the frame, carrying the port they talk over. */
const CONNECT = 'math-tutor-python-host';
const PING_MS = 1000;
/** A frame that answers no ping for this long has lost its process. */
const SILENCE_MS = 5000;
/** A frame that has not connected by then never will (its inline script was refused). */
const CONNECT_MS = 15_000;

/** Why calls fail when the frame's process is gone; failure.ts reads it as a MemoryError. */
export const PROCESS_ENDED =
  "the Python engine's process ended (out of memory, or stopped by the browser)";

type ToHost =
  | { type: 'start'; code: string }
  | { type: 'post'; data: unknown; transfer: Transferable[] }
  | { type: 'ping' };

type FromHost =
  | { type: 'ready' }
  | { type: 'pong' }
  | { type: 'message'; data: unknown }
  | { type: 'crash'; details: string };

/**
 * The frame's script, serialised into its srcdoc: self-contained (no
 * imports, nothing from this module's scope). It takes the port from its
 * parent only, starts the worker, relays both ways and answers pings.
 */
function hostMain(connect: string): void {
  let connected = false;
  addEventListener('message', (event: MessageEvent) => {
    const [port] = event.ports;
    if (connected || event.source !== parent || event.data !== connect || !port) return;
    connected = true;
    let worker: Worker | undefined;
    const send = (message: FromHost) => port.postMessage(message);
    port.onmessage = ({ data }: MessageEvent<ToHost>) => {
      if (data.type === 'ping') send({ type: 'pong' });
      else if (data.type === 'post') worker?.postMessage(data.data, data.transfer);
      else if (!worker) {
        worker = new Worker(`data:text/javascript,${encodeURIComponent(data.code)}`, {
          type: 'module',
          name: 'python',
        });
        worker.onmessage = (e) => send({ type: 'message', data: e.data });
        worker.onmessageerror = () =>
          send({ type: 'crash', details: 'a message from the worker could not be read' });
        worker.onerror = (e) => {
          e.preventDefault();
          send({ type: 'crash', details: e.message || 'the worker failed without a message' });
        };
      }
    };
    send({ type: 'ready' });
  });
}

function isFromHost(data: unknown): data is FromHost {
  if (typeof data !== 'object' || data === null) return false;
  const type = Reflect.get(data, 'type');
  if (type === 'crash') return typeof Reflect.get(data, 'details') === 'string';
  return type === 'ready' || type === 'pong' || (type === 'message' && 'data' in data);
}

/** One frame and its one worker, as a port. */
class HostFrame<In> implements WorkerPort<In> {
  private readonly frame = document.createElement('iframe');
  private readonly channel = new MessageChannel();
  private state: 'connecting' | 'ready' | 'ended' = 'connecting';
  private code: string | undefined;
  private started = false;
  /** Posted before the frame connected or the code arrived; moved (not copied) once sent. */
  private readonly queue: [In, Transferable[]][] = [];
  private lastHeard = 0;
  private lastCheck = 0;
  private pinger: ReturnType<typeof setInterval> | undefined;
  private readonly connectTimer: ReturnType<typeof setTimeout>;

  constructor(
    private readonly events: PortEvents,
    connectMs: number,
    private readonly refused: (queued: [In, Transferable[]][]) => void,
  ) {
    this.frame.sandbox.add('allow-scripts');
    this.frame.title = 'Python engine';
    this.frame.setAttribute('aria-hidden', 'true');
    this.frame.tabIndex = -1;
    // Rendered (1 px, transparent) rather than display:none, so that its process is not treated as a background one.
    this.frame.style.cssText =
      'position:fixed;right:0;bottom:0;width:1px;height:1px;border:0;opacity:0;pointer-events:none';
    this.frame.srcdoc = `<!doctype html><meta charset="utf-8"><script>(${hostMain.toString()})(${JSON.stringify(CONNECT)})</script>`;
    this.channel.port1.onmessage = (event: MessageEvent<unknown>) => this.receive(event.data);
    this.frame.addEventListener('load', () => {
      this.frame.contentWindow?.postMessage(CONNECT, '*', [this.channel.port2]);
    });
    this.connectTimer = setTimeout(() => {
      if (this.state !== 'connecting') return;
      this.end();
      this.refused(this.queue.splice(0));
    }, connectMs);
    (document.body ?? document.documentElement).append(this.frame);
  }

  start(code: string): void {
    this.code = code;
    this.flush();
  }

  post(message: In, transfer: Transferable[] = []): void {
    if (this.state === 'ended') return;
    this.queue.push([message, transfer]);
    this.flush();
  }

  terminate(): void {
    this.end();
  }

  /** Ends the frame and fails its worker's calls. */
  fail(details: string): void {
    if (this.state === 'ended') return;
    this.end();
    this.events.onCrash(details);
  }

  private flush(): void {
    if (this.state !== 'ready' || this.code === undefined) return;
    if (!this.started) {
      this.started = true;
      this.send({ type: 'start', code: this.code });
    }
    for (const [data, transfer] of this.queue.splice(0)) {
      this.send({ type: 'post', data, transfer }, transfer);
    }
  }

  private send(message: ToHost, transfer: Transferable[] = []): void {
    this.channel.port1.postMessage(message, transfer);
  }

  private receive(message: unknown): void {
    if (this.state === 'ended' || !isFromHost(message)) return;
    this.lastHeard = performance.now();
    switch (message.type) {
      case 'ready':
        if (this.state !== 'connecting') return;
        this.state = 'ready';
        clearTimeout(this.connectTimer);
        this.lastCheck = this.lastHeard;
        this.pinger = setInterval(() => this.check(), PING_MS);
        this.flush();
        return;
      case 'message':
        this.events.onMessage(message.data);
        return;
      case 'crash':
        this.fail(message.details);
        return;
      case 'pong':
        return;
    }
  }

  /**
   * Silence counts only while the page itself runs on time: a page that was
   * busy or hidden (its timers throttled) may simply not have read the
   * frame's answers yet.
   */
  private check(): void {
    const now = performance.now();
    const pageStalled = now - this.lastCheck > 3 * PING_MS;
    this.lastCheck = now;
    if (pageStalled) this.lastHeard = now;
    else if (now - this.lastHeard > SILENCE_MS) {
      this.fail(PROCESS_ENDED);
      return;
    }
    this.send({ type: 'ping' });
  }

  /** Removing the frame ends its document, and with it the worker. */
  private end(): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    clearTimeout(this.connectTimer);
    clearInterval(this.pinger);
    this.channel.port1.close();
    this.frame.remove();
  }
}

/**
 * Workers in sandboxed frames, as ports. `workerCode` gives the worker
 * module's text (one self-contained file), fetched once.
 */
export function framePort<In>(
  workerCode: () => Promise<string>,
  fallback: PortFactory<In>,
  connectMs = CONNECT_MS,
): PortFactory<In> {
  let refused = false;
  let code: Promise<string> | undefined;
  return (events) => {
    if (refused) return fallback(events);
    let instead: WorkerPort<In> | undefined;
    const frame = new HostFrame<In>(events, connectMs, (queued) => {
      refused = true;
      try {
        instead = fallback(events);
      } catch (error) {
        events.onCrash(describeThrown(error));
        return;
      }
      for (const [message, transfer] of queued) instead.post(message, transfer);
    });
    code ??= workerCode();
    code.then(
      (text) => frame.start(text),
      (error: unknown) => {
        code = undefined;
        frame.fail(`the Python worker's code could not be loaded (${describeThrown(error)})`);
      },
    );
    return {
      post: (message, transfer) => (instead ?? frame).post(message, transfer),
      terminate: () => {
        frame.terminate();
        instead?.terminate();
      },
    };
  };
}
