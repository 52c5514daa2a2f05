import type { ReasoningMode } from './prompts';
import type { Backend } from './registry';

/**
 * The URL parameters of the app and the embed (CONTRACT.md). Unknown or
 * malformed values are dropped rather than rejected: a link from a course page
 * should still open the tutor.
 */
export interface UrlOptions {
  problem?: string;
  autosolve: boolean;
  model?: string;
  mode?: ReasoningMode;
  lang?: 'en' | 'zh';
  backend?: Backend;
  /** Embedded in a course page: the host talks to us over postMessage. */
  embed: boolean;
}

/** Longest problem accepted from a URL; longer text is cut, not refused. */
export const MAX_URL_PROBLEM_CHARS = 8000;

export function parseUrlOptions(search: string): UrlOptions {
  const params = new URLSearchParams(search);
  const options: UrlOptions = {
    autosolve: isTrue(params.get('autosolve')),
    embed: isTrue(params.get('embed')),
  };
  const problem = params.get('problem');
  if (problem?.trim()) options.problem = problem.slice(0, MAX_URL_PROBLEM_CHARS);
  const model = params.get('model');
  if (model && /^[\w.-]+$/.test(model)) options.model = model;
  const mode = params.get('mode');
  if (mode === 'cot' || mode === 'tir') options.mode = mode;
  const lang = params.get('lang');
  if (lang === 'en' || lang === 'zh') options.lang = lang;
  const backend = params.get('backend');
  if (backend === 'webgpu' || backend === 'wasm') options.backend = backend;
  return options;
}

function isTrue(value: string | null): boolean {
  return value === '1' || value === 'true' || value === 'yes';
}
