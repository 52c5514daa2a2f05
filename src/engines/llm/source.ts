import type { env as transformersEnv } from '@huggingface/transformers';

type Env = typeof transformersEnv;

/**
 * Points transformers.js at one model folder and returns the name to load it
 * by. transformers.js resolves files as `remoteHost + remotePathTemplate(name)
 * + file` (or `localModelPath + name + file` on disk); it has no notion of an
 * arbitrary folder URL, so the folder's parent becomes the host and its last
 * segment the name. A full URL as the name does not work: the loader treats it
 * as an invalid model id and gives up.
 */
export function configureModelSource(env: Env, folder: string): string {
  const trimmed = folder.replace(/\/+$/, '');
  const cut = trimmed.lastIndexOf('/');
  const parent = trimmed.slice(0, cut + 1);
  const name = trimmed.slice(cut + 1);
  if (!name || cut < 0) throw new Error(`Not a model folder: ${folder}`);
  if (/^https?:\/\//.test(folder)) {
    env.allowRemoteModels = true;
    env.allowLocalModels = false;
    env.remoteHost = parent;
    env.remotePathTemplate = '{model}/';
  } else {
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = parent;
  }
  return name;
}
