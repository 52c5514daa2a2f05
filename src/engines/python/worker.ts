/// <reference lib="webworker" />
/**
 * The Python worker entry (a module worker: Pyodide refuses classic ones). In
 * the app it runs inside a sandboxed frame of its own (client-frame.ts), in
 * an opaque origin with no network and no storage: every file it reads,
 * Pyodide's runtime included, comes from the app's page over the file
 * channel (worker-files.ts), so the page's service worker serves them
 * offline. Its code must stay one self-contained module: the frame starts it
 * from a data: URL, where no relative import resolves.
 */
import { loadPyodide } from 'pyodide';
import { PythonEngine } from './engine';
import { createPythonHandler } from './handler';
import { type FileReply, isFileReply, type PythonRequest } from './protocol';
import { FileChannel } from './worker-files';

declare const self: DedicatedWorkerGlobalScope;

const files = new FileChannel((request) => self.postMessage(request));

interface PyodideModuleFile {
  default: NonNullable<Parameters<typeof loadPyodide>[0]>['createPyodideModule'];
}

const engine = new PythonEngine({
  async loadPyodide(config, jsglobals) {
    // Pyodide imports this module from indexURL itself, which an opaque origin cannot do.
    const module = (await files.import(`${config.indexURL}pyodide.asm.mjs`)) as PyodideModuleFile;
    // …and reads the rest with the global fetch, lent the channel's while it loads.
    const own = self.fetch;
    self.fetch = files.fetch;
    try {
      return await loadPyodide({
        indexURL: config.indexURL,
        jsglobals,
        createPyodideModule: module.default,
      });
    } finally {
      self.fetch = own;
    }
  },
  bytes: files,
});

const handle = createPythonHandler(engine, (reply) => self.postMessage(reply));
self.onmessage = (event: MessageEvent<PythonRequest | FileReply>) => {
  const { data } = event;
  if (isFileReply(data)) files.receive(data);
  else void handle(data);
};
