import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { lastBoxed } from '../../core/answer/boxed';
import { chooseBackend } from '../../core/backend';
import { AppError, type ErrorCode, isAbortError } from '../../core/errors';
import type { ReasoningMode } from '../../core/prompts';
import { type Backend, type ModelEntry, modelFolderUrl } from '../../core/registry';
import { LlmClient } from '../../engines/llm/client';
import type { LoadProgress } from '../../engines/llm/protocol';
import { appConfig } from '../config';
import { checkDownload } from '../solver/download';
import { generateSolution, type SolveFinish } from '../solver/generate';
import { ModelSession } from '../solver/modelSession';

export type SolvePhase = 'idle' | 'confirm' | 'loading' | 'generating';

export interface EngineInfo {
  backend?: Backend;
  tokensPerSecond?: number;
  fallbackReason?: string;
}

export interface SolverState {
  phase: SolvePhase;
  problem?: string;
  text: string;
  answerLatex?: string;
  progress?: LoadProgress;
  confirmBytes?: number;
  finishReason?: SolveFinish;
  error?: string;
  /** The error's `code` (an AppError's, else 'internal'), for the embed's `mathtutor:error`. */
  errorCode?: ErrorCode;
  engine: EngineInfo;
}

export interface SolveRequest {
  problem: string;
  entry: ModelEntry;
  mode: ReasoningMode;
  forcedBackend?: Backend;
  maxNewTokens?: number;
}

export interface SolvedEvent {
  problem: string;
  entry: ModelEntry;
  text: string;
  answerLatex?: string;
  finishReason: SolveFinish;
}

/**
 * One solve at a time: load the model if needed (asking first before a big
 * download), stream the solution, find the answer. Tokens arrive from the
 * worker as messages; they are collected in a ref and pushed to React once per
 * animation frame, so the main thread does nothing per token but append.
 */
export function useSolver(onSolved?: (event: SolvedEvent) => void) {
  const session = useMemo(() => new ModelSession(new LlmClient(), appConfig.hubHost), []);
  const [state, setState] = useState<SolverState>({ phase: 'idle', text: '', engine: {} });
  const abortRef = useRef<AbortController | undefined>(undefined);
  const confirmRef = useRef<((ok: boolean) => void) | undefined>(undefined);
  const onSolvedRef = useRef(onSolved);
  onSolvedRef.current = onSolved;

  useEffect(() => () => void session.dispose(), [session]);

  const solve = useCallback(
    async (request: SolveRequest) => {
      const problem = request.problem.trim();
      if (!problem) {
        setState((s) => ({
          ...s,
          error: 'Type a problem first, or upload a photo of one.',
          errorCode: 'no-problem',
        }));
        return;
      }
      abortRef.current?.abort();
      const controller = new AbortController();
      abortRef.current = controller;
      const { signal } = controller;
      const live = () => abortRef.current === controller;
      setState((s) => ({ phase: 'loading', problem, text: '', engine: s.engine }));

      let text = '';
      let speed = 0;
      let frame = 0;
      // Runs at most once per animation frame, however many chunks arrived.
      const flush = () => {
        frame = 0;
        if (!live()) return;
        const answerLatex = lastBoxed(text);
        setState((s) => ({
          ...s,
          text,
          ...(answerLatex !== undefined ? { answerLatex } : {}),
          ...(speed ? { engine: { ...s.engine, tokensPerSecond: speed } } : {}),
        }));
      };

      try {
        await confirmIfLarge(
          request,
          session,
          signal,
          (bytes) =>
            new Promise<boolean>((resolve) => {
              confirmRef.current = resolve;
              setState((s) => ({ ...s, phase: 'confirm', confirmBytes: bytes }));
            }),
        );
        setState((s) => ({ ...s, phase: 'loading', confirmBytes: undefined }));
        const loaded = await session.ensureLoaded(request.entry, {
          ...(request.forcedBackend ? { forcedBackend: request.forcedBackend } : {}),
          signal,
          onProgress: (progress) => live() && setState((s) => ({ ...s, progress })),
        });
        setState((s) => ({
          ...s,
          phase: 'generating',
          progress: undefined,
          engine: {
            backend: loaded.backend,
            ...(loaded.fallbackReason ? { fallbackReason: loaded.fallbackReason } : {}),
          },
        }));
        const result = await generateSolution(session, request.entry, problem, request.mode, {
          signal,
          maxNewTokens: request.maxNewTokens ?? appConfig.defaultMaxNewTokens,
          onText: (delta) => {
            text += delta;
            if (!frame) frame = requestAnimationFrame(flush);
          },
          onReset: (whole) => {
            text = whole;
            if (!frame) frame = requestAnimationFrame(flush);
          },
          onSpeed: (tokensPerSecond) => {
            speed = tokensPerSecond || speed;
          },
        });
        if (frame) cancelAnimationFrame(frame);
        if (!live()) return;
        const answerLatex = lastBoxed(result.text);
        const backend = session.current?.backend;
        setState((s) => ({
          phase: 'idle',
          problem,
          text: result.text,
          ...(answerLatex !== undefined ? { answerLatex } : {}),
          finishReason: result.finishReason,
          engine: {
            ...s.engine,
            ...(backend ? { backend } : {}),
            ...(result.tokensPerSecond ? { tokensPerSecond: result.tokensPerSecond } : {}),
          },
        }));
        onSolvedRef.current?.({
          problem,
          entry: request.entry,
          text: result.text,
          ...(answerLatex !== undefined ? { answerLatex } : {}),
          finishReason: result.finishReason,
        });
      } catch (error) {
        if (frame) cancelAnimationFrame(frame);
        if (!live()) return;
        const message = isAbortError(error) ? undefined : messageFor(error);
        setState((s) => ({
          ...s,
          phase: 'idle',
          progress: undefined,
          confirmBytes: undefined,
          text,
          ...(message ? { error: message, errorCode: codeFor(error) } : {}),
        }));
      } finally {
        if (live()) abortRef.current = undefined;
      }
    },
    [session],
  );

  const stop = useCallback(() => {
    confirmRef.current?.(false);
    abortRef.current?.abort();
  }, []);

  const answerConfirm = useCallback((ok: boolean) => {
    const resolve = confirmRef.current;
    confirmRef.current = undefined;
    resolve?.(ok);
  }, []);

  const dismissError = useCallback(
    () => setState((s) => ({ ...s, error: undefined, errorCode: undefined })),
    [],
  );

  /** Shows a past solution as if it had just been solved. */
  const show = useCallback((problem: string, text: string, answerLatex?: string) => {
    abortRef.current?.abort();
    setState((s) => ({
      phase: 'idle',
      problem,
      text,
      ...(answerLatex !== undefined ? { answerLatex } : {}),
      engine: s.engine,
    }));
  }, []);

  return { state, solve, stop, answerConfirm, dismissError, show, session };
}

async function confirmIfLarge(
  request: SolveRequest,
  session: ModelSession,
  signal: AbortSignal,
  ask: (bytes: number) => Promise<boolean>,
): Promise<void> {
  const loaded = session.current;
  if (loaded?.entry.id === request.entry.id) return;
  const choice = chooseBackend(request.entry, await session.probe(), request.forcedBackend);
  if ('error' in choice) throw new AppError('webgpu-unavailable');
  const check = await checkDownload(
    request.entry,
    choice.dtype,
    modelFolderUrl(request.entry, appConfig.hubHost),
    appConfig.confirmDownloadBytes,
  );
  if (check.kind === 'confirm' && !(await ask(check.bytes))) {
    throw new DOMException('Download declined', 'AbortError');
  }
  if (signal.aborted) throw new DOMException('Stopped', 'AbortError');
}

function codeFor(error: unknown): ErrorCode {
  return error instanceof AppError ? error.code : 'internal';
}

function messageFor(error: unknown): string {
  if (error instanceof AppError || error instanceof Error) return error.message;
  return String(error);
}
