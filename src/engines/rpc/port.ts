/**
 * One live worker as a client sees it, whatever runs it: a Web Worker (here),
 * a Node worker thread (node-port.ts) or a worker owned by a sandboxed frame
 * (python/frame-port.ts). The client never touches the worker itself, so all
 * three are started, fed, stopped and mourned the same way.
 */

export interface WorkerPort<In> {
  /** Buffers in `transfer` are moved to the worker, not copied (where the port can move them). */
  post(message: In, transfer?: Transferable[]): void;
  terminate(): void;
}

export interface PortEvents {
  /** A message from the worker, unchecked: the client checks it. */
  onMessage(data: unknown): void;
  /** The worker died on its own (an uncaught error, out of memory, its process gone). */
  onCrash(details: string): void;
}

export type PortFactory<In> = (events: PortEvents) => WorkerPort<In>;

/** A module Web Worker as a port. */
export function webWorkerPort<In>(create: () => Worker): PortFactory<In> {
  return (events) => {
    const worker = create();
    worker.onmessage = (event: MessageEvent) => events.onMessage(event.data);
    worker.onmessageerror = () => events.onCrash('a message from the worker could not be read');
    worker.onerror = (event) => {
      // Handled here: without this the browser also reports it as the page's own error.
      event.preventDefault();
      events.onCrash(event.message || 'the worker failed without a message');
    };
    return {
      post: (message, transfer = []) => worker.postMessage(message, transfer),
      terminate: () => worker.terminate(),
    };
  };
}
