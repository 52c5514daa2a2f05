/**
 * The English sentence for each error code: what happened, then what to do.
 * The app's other languages translate the same codes with the same params
 * (src/app/i18n); CLIs and the embed's `message` use these.
 */
import type { ErrorCode } from './error-codes';
import type { ErrorParams } from './errors';

type Text = (p: Record<string, string | number | undefined>) => string;

const model = (p: Record<string, unknown>) => (typeof p.model === 'string' ? p.model : 'The model');

export const ERROR_TEXT: Record<ErrorCode, Text> = {
  'no-problem': () => 'Type a problem first, or upload a photo of one.',
  'no-answer': () =>
    'The solution ended without a final answer. Solve it again or rephrase the problem.',
  busy: () => 'The tutor is still working on the last problem. Wait for its answer, or press Stop.',
  'not-loaded': () => 'No model is loaded yet. Press Solve to load one.',
  'prompt-too-long': (p) =>
    `The problem is too long for this model${p.tokens ? ` (${p.tokens} tokens; it reads at most ${p.limit})` : ''}. Shorten it or split it into parts.`,
  'context-full': () =>
    'This conversation has reached the longest text the model can read. Start a new problem to ask more.',
  aborted: () => 'Stopped.',

  'model-unavailable': (p) =>
    `${model(p)} is not available here: this site does not host its files. Pick another model, or ask your school to host it (see "How a school hosts a model").`,
  'model-missing': (p) =>
    `${model(p)} could not be downloaded: one of its files is missing on the server. Pick another model, or tell whoever runs this site.`,
  'model-blocked': (p) =>
    `${model(p)} is hosted on a server that does not let this site download it. Pick another model, or ask whoever runs that server to allow this site.`,
  offline: (p) =>
    `You are offline, and ${model(p)} is not stored on this device. Connect to the internet and press Solve again, or pick a model that is stored here.`,
  'download-interrupted': (p) =>
    `The download of ${model(p)} was interrupted. Check your connection and press Solve again: it continues where it stopped.`,
  'storage-full': (p) =>
    `There is not enough storage on this device for ${model(p)}${p.needed ? ` (it needs ${p.needed}, ${p.free} is free)` : ''}. Delete a stored model under "Models", free some space, or pick a smaller model.`,
  'model-corrupt': (p) =>
    `A file of ${model(p)} arrived damaged or incomplete, so it was removed from this device. Press Solve to download it again.`,
  'model-manifest': () =>
    "This site's list of extra models (models.json) could not be read. The built-in models are still available; tell whoever runs this site.",
  'browser-unsupported': () =>
    'This browser cannot run the tutor: it lacks WebAssembly or workers. Use a current Chrome, Edge, Firefox or Safari.',
  'webgpu-unavailable': () =>
    'WebGPU is not available in this browser. Remove "backend=webgpu" from the address to use WASM.',
  'webgpu-failed': () =>
    'The graphics processor could not run the model. Remove "backend=webgpu" from the address to run it without the GPU.',
  'gpu-lost': () =>
    'The graphics processor stopped in the middle of the solve (the system may have reset it). Press Solve to try again.',
  'self-check-failed': (p) =>
    `${model(p)} does not give sensible output on this device, on the GPU or without it. Try another model or another browser.`,
  'out-of-memory': (p) =>
    `This device ran out of memory for ${model(p)}. Close other tabs and apps and press Solve again, or pick a smaller model.`,
  'worker-crashed': () =>
    'The model engine stopped unexpectedly, often because the device ran out of memory. Close other tabs and press Solve to try again.',
  'offline-store': () =>
    'The model could not be saved for offline use. Check the free storage and your connection, then try again.',

  'python-load': () =>
    'The Python engine could not start. Check your connection and try again, or choose "Step by step".',
  'python-crashed': () =>
    'The Python engine stopped unexpectedly. It restarts on its own: press Solve to try again.',
  'python-not-ready': () => 'The Python engine is still starting. Try again in a moment.',

  'image-empty': () => 'This file is empty (0 bytes). Choose the photo again, or take a new one.',
  'not-image': () =>
    'This file is not an image. Choose a photo or a screenshot (JPEG, PNG, WebP or GIF).',
  'image-corrupt': () =>
    'This image is damaged or incomplete and could not be read. Take the photo again or save it anew, then retry.',
  'image-format': (p) => {
    if (p.format === 'svg')
      return 'SVG drawings are not opened, for safety. Take a screenshot of the problem (PNG) and use that instead.';
    if (p.format === 'heic')
      return 'This browser cannot open HEIC photos. Share the photo as JPEG (on iPhone: Settings › Camera › Formats › Most Compatible) or take a screenshot of it.';
    return `This image format${p.formatName ? ` (${p.formatName})` : ''} cannot be opened here. Use a JPEG, PNG, WebP or GIF image.`;
  },
  'image-too-large': (p) =>
    `This image is too large to open${p.size ? ` (${p.size})` : ''}. Crop or resize it, or take a screenshot of just the problem.`,
  'no-text': () =>
    'No text was found in this image. Make sure the problem fills most of the picture, is in focus and well lit, then try again.',
  'ocr-failed': () =>
    'The text recognizer failed. Try again, or reload the page; you can always type the problem instead.',
  'formula-unavailable': () =>
    'The formula reader is not available here, so formulas were read as plain text. Check them in the Problem box.',

  'history-invalid': () =>
    'This file is not a history exported by the tutor, so nothing was imported. Choose a file made with "Export history".',

  internal: () =>
    'Something went wrong inside the tutor. Try again; if it keeps happening, reload the page. Your problem and history are kept.',
};

export function errorText(code: ErrorCode, params: ErrorParams = {}): string {
  return ERROR_TEXT[code](params);
}
