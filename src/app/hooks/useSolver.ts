import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { lastBoxed } from '../../core/answer/boxed';
import { unavailableCode } from '../../core/availability';
import type { BackendReason } from '../../core/backend';
import { AppError, isAbortError, toAppError } from '../../core/errors';
import type { ReasoningMode } from '../../core/prompts';
import type { Backend, ModelEntry } from '../../core/registry';
import { LlmClient, planDownload } from '../../engines/llm/client';
import { appConfig } from '../config';
import type { AvailabilityStore } from '../models/availability';
import { rememberModel, verdicts } from '../models/memory';
import { generateSolution, type SolveFinish } from '../solver/generate';
import { type LoadStage, ModelSession } from '../solver/modelSession';

export type SolvePhase = 'idle' | 'confirm' | 'loading' | 'generating';

export interface EngineInfo {
  backend?: Backend;
  reason?: BackendReason;
  tokensPerSecond?: number;
}

/** What a solve is busy with before its first token: each shown with its elapsed seconds. */
export type WaitStage = LoadStage['stage'] | 'reading';

export interface SolverState {
  phase: SolvePhase;
  problem?: string;
  text: string;
  answerLatex?: string;
  /** Before the first token: what is happening, and since when (performance.now()). */
  wait?: { stage: WaitStage; since: number };
  download?: { loaded: number; total: number };
  confirmBytes?: number;
  finishReason?: SolveFinish;
  error?: AppError;
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
 * One solve at a time: make sure the model can be used from here, put its
 * files on the device (asking first before a big download), load and check
 * it, stream the solution, find the answer. Tokens arrive from the worker as
 * messages; they are collected in a ref and pushed to React once per
 * animation frame, so the main thread does nothing per token but append.
 * Every failure ends as an AppError in `error`; the problem, the text shown
 * so far and the history are never touched by one.
 */
export function useSolver(
  availability: AvailabilityStore,
  onSolved?: (event: SolvedEvent) => void,
) {
  const session = useMemo(
    () =>
      new ModelSession({
        engine: new LlmClient(),
        hubHost: appConfig.hubHost,
        verdicts,
        store: {
          confirmAbove: appConfig.confirmDownloadBytes,
          plan: async ({ entry, dtype, folder }) => {
            const plan = await planDownload({
              modelId: entry.id,
              name: entry.name,
              folder,
              dtype,
              ...(entry.sizes?.[dtype] !== undefined ? { expectedBytes: entry.sizes[dtype] } : {}),
            });
            // The student keeps a model: ask the browser not to evict it.
            if (plan.missingBytes !== 0) void navigator.storage?.persist?.().catch(() => false);
            return plan;
          },
        },
      }),
    [],
  );
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
        setState((s) => ({ ...s, error: new AppError('no-problem') }));
        return;
      }
      abortRef.current?.abort();
      const controller = new AbortController();
      abortRef.current = controller;
      const { signal } = controller;
      const live = () => abortRef.current === controller;
      const wait = (stage: WaitStage) =>
        live() &&
        setState((s) =>
          s.wait?.stage === stage ? s : { ...s, wait: { stage, since: performance.now() } },
        );
      setState((s) => ({
        phase: 'loading',
        problem,
        text: '',
        engine: s.engine,
        wait: { stage: 'prepare', since: performance.now() },
      }));

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
          wait: undefined,
          ...(answerLatex !== undefined ? { answerLatex } : {}),
          ...(speed ? { engine: { ...s.engine, tokensPerSecond: speed } } : {}),
        }));
      };

      try {
        const availableHere = await availability.of(request.entry);
        if (availableHere.state === 'unavailable') {
          throw new AppError(unavailableCode(availableHere.reason), {
            params: { model: request.entry.name },
            details: availableHere.detail,
          });
        }
        const loaded = await session.ensureLoaded(request.entry, {
          ...(request.forcedBackend ? { forcedBackend: request.forcedBackend } : {}),
          signal,
          confirm: (bytes) =>
            new Promise<boolean>((resolve) => {
              confirmRef.current = resolve;
              setState((s) => ({ ...s, phase: 'confirm', confirmBytes: bytes, wait: undefined }));
            }).finally(() => {
              if (live()) setState((s) => ({ ...s, phase: 'loading', confirmBytes: undefined }));
            }),
          onStage: (stage) => {
            if (!live()) return;
            if (stage.stage === 'download') {
              setState((s) => ({
                ...s,
                download: { loaded: stage.loaded, total: stage.total },
                wait:
                  s.wait?.stage === 'download'
                    ? s.wait
                    : { stage: 'download', since: performance.now() },
              }));
            } else {
              setState((s) => ({
                ...s,
                download: undefined,
                engine: { backend: stage.backend },
                wait:
                  s.wait?.stage === stage.stage
                    ? s.wait
                    : { stage: stage.stage, since: performance.now() },
              }));
            }
          },
        });
        rememberModel(request.entry.id);
        availability.forget(request.entry);
        if (!live()) return;
        setState((s) => ({
          ...s,
          phase: 'generating',
          download: undefined,
          engine: { backend: loaded.backend, reason: loaded.reason },
        }));
        wait('reading');
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
        setState((s) => ({
          phase: 'idle',
          problem,
          text: result.text,
          ...(answerLatex !== undefined ? { answerLatex } : {}),
          finishReason: result.finishReason,
          engine: {
            ...s.engine,
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
        const failure = isAbortError(error) ? undefined : toAppError(error);
        if (failure) console.warn('math-tutor:', failure.code, failure.details ?? '');
        setState((s) => ({
          ...s,
          phase: 'idle',
          wait: undefined,
          download: undefined,
          confirmBytes: undefined,
          text,
          ...(failure ? { error: failure } : {}),
        }));
      } finally {
        if (live()) abortRef.current = undefined;
      }
    },
    [session, availability],
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

  const dismissError = useCallback(() => setState((s) => ({ ...s, error: undefined })), []);

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
