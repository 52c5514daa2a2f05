import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { AppError } from '../../core/errors';
import { MAX_URL_PROBLEM_CHARS } from '../../core/urlParams';
import {
  HOST_PARAM,
  type HostMessage,
  parseHostMessage,
  parseOrigin,
  type TutorPayload,
  tutorMessage,
} from '../../embed/protocol';
import { errorMessage } from '../i18n';
import type { SolverState } from './useSolver';
import '../embed.css';

export interface EmbedBridgeOptions {
  /** `?embed=1`: the app runs inside `<math-tutor>` (src/embed). */
  enabled: boolean;
  /** The app can take a problem: models.json is read and a model is chosen. */
  ready: boolean;
  state: SolverState;
  setProblem: (problem: string) => void;
  /** What the Solve button does: solve the text in the Problem box. */
  solve: () => void;
}

/**
 * The iframe's side of the embed (docs/embed.md): tells the host page when the
 * app is ready, what it solved and what went wrong, takes `setProblem` and
 * `solve` from it, and reports the content height so the element can fit the
 * iframe to it. Does nothing unless embedded and framed.
 */
export function useEmbedBridge({ enabled, ready, state, setProblem, solve }: EmbedBridgeOptions) {
  const channel = useMemo(
    () =>
      enabled && window.parent !== window
        ? new HostChannel(window.parent, window.location.search)
        : undefined,
    [enabled],
  );
  const [solveRequests, setSolveRequests] = useState(0);
  const solvesHandled = useRef(0);
  const announced = useRef(false);
  const previous = useRef(state);

  useLayoutEffect(() => {
    if (enabled) document.documentElement.dataset.embed = '';
  }, [enabled]);

  useEffect(() => {
    if (!channel) return;
    const onMessage = (event: MessageEvent) => {
      const message = channel.accept(event);
      if (message?.type === 'setProblem')
        setProblem(message.problem.slice(0, MAX_URL_PROBLEM_CHARS));
      else if (message?.type === 'solve') setSolveRequests((n) => n + 1);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [channel, setProblem]);

  useEffect(() => {
    if (!channel || !ready || announced.current) return;
    announced.current = true;
    channel.post({ type: 'ready' });
  }, [channel, ready]);

  // A solve request is served after the render that follows it, so a
  // setProblem that arrived just before it is already in `solve`'s problem.
  useEffect(() => {
    if (!channel || !ready || solveRequests === solvesHandled.current) return;
    solvesHandled.current = solveRequests;
    if (state.phase === 'idle') solve();
    else channel.post({ type: 'error', code: 'busy', message: errorMessage(new AppError('busy')) });
  }, [channel, ready, solveRequests, solve, state.phase]);

  useEffect(() => {
    const before = previous.current;
    previous.current = state;
    if (!channel || state === before) return;
    if (state.error && state.error !== before.error) {
      channel.post({ type: 'error', code: state.error.code, message: errorMessage(state.error) });
    }
    const finished =
      before.phase !== 'idle' &&
      state.phase === 'idle' &&
      !state.error &&
      state.finishReason !== undefined &&
      state.finishReason !== 'aborted';
    if (!finished) return;
    const { problem = '', answerLatex } = state;
    if (answerLatex === undefined) {
      channel.post({
        type: 'error',
        code: 'no-answer',
        message: errorMessage(new AppError('no-answer')),
      });
      return;
    }
    // The grader's normaliser is only needed here, so it stays out of the first load.
    void import('../../core/answer/extract').then(({ normalizeAnswer }) =>
      channel.post({ type: 'solved', problem, answer: normalizeAnswer(answerLatex), answerLatex }),
    );
  }, [channel, state]);

  useEffect(() => {
    if (!channel) return;
    const root = document.getElementById('root') ?? document.body;
    let last = -1;
    const observer = new ResizeObserver(() => {
      const height = Math.ceil(root.getBoundingClientRect().height);
      if (height === last) return;
      last = height;
      channel.post({ type: 'resize', height });
    });
    observer.observe(root);
    return () => observer.disconnect();
  }, [channel]);
}

/**
 * The parent window and what we know of its origin. `&host=` names it (the
 * element always sends it); a page that frames the app by hand without it is
 * pinned to the origin of its first valid message. Messages carrying the
 * student's problem or answer go only to that origin: never to '*', where a
 * parent navigated elsewhere in the meantime would receive them.
 */
class HostChannel {
  readonly #parent: Window;
  #origin: string | undefined;
  /** A host was named; if it is not a valid origin, nothing is accepted. */
  readonly #named: boolean;

  constructor(parent: Window, search: string) {
    this.#parent = parent;
    const host = new URLSearchParams(search).get(HOST_PARAM);
    this.#named = host !== null;
    this.#origin = parseOrigin(host);
  }

  /** The message if it is a valid one from the parent at the host's origin. */
  accept(event: MessageEvent): HostMessage | undefined {
    if (event.source !== this.#parent) return undefined;
    const expected = this.#origin ?? (this.#named ? undefined : event.origin);
    if (event.origin !== expected) return undefined;
    const message = parseHostMessage(event.data);
    if (message) this.#origin ??= parseOrigin(event.origin);
    return message;
  }

  post(payload: TutorPayload): void {
    // `ready` and `resize` say nothing about the student: any parent may have them.
    const open = payload.type === 'ready' || payload.type === 'resize';
    const target = this.#origin ?? (open ? '*' : undefined);
    if (target) this.#parent.postMessage(tutorMessage(payload), target);
  }
}
