import { useCallback, useEffect, useRef, useState } from 'react';
import type { Agreement } from '../../core/answer/agreement';
import {
  askLanguage,
  conversationPrompt,
  explainRequest,
  REPLY_RESERVE_TOKENS,
  type Turn,
} from '../../core/conversation';
import { type AppError, isAbortError, toAppError } from '../../core/errors';
import type { Language } from '../../core/language';
import { buildPrompt } from '../../core/prompts';
import type { ModelEntry } from '../../core/registry';
import type { GenerateResult } from '../../engines/llm/protocol';
import type { ModelSession } from '../solver/modelSession';

/** What the student asks about: a finished solution to one problem. */
export interface TutorSubject {
  entry: ModelEntry;
  problem: string;
  solution: string;
  /** Changes with every new solve: the tutor's turns start over. */
  key: string;
}

export interface Explanation {
  step: number;
  text: string;
  streaming: boolean;
  error?: AppError;
}

export interface FollowUp extends Turn {
  streaming: boolean;
  error?: AppError;
}

export interface DoubleCheck {
  /** Sampled solutions so far (the shown one not included). */
  samples: string[];
  wanted: number;
  /** Samples finished while they are drawn together (their texts arrive at the end). */
  finished?: number;
  running: boolean;
  agreement?: Agreement;
  error?: AppError;
}

export const DEFAULT_SAMPLES = 4;
export const MAX_SAMPLES = 8;
const REPLY_TOKENS = 1024;

/**
 * The tutor's turns after a solution: explain one step, answer follow-up
 * questions, and double-check by sampling more solutions and voting. One
 * generation at a time (the model is one); each streams into its own region
 * and Stop ends it.
 */
export function useTutor(
  session: ModelSession,
  subject: TutorSubject | undefined,
  language: Language,
) {
  const [explanation, setExplanation] = useState<Explanation>();
  const [followUps, setFollowUps] = useState<FollowUp[]>([]);
  const [check, setCheck] = useState<DoubleCheck>();
  const [busy, setBusy] = useState(false);
  const abortRef = useRef<AbortController | undefined>(undefined);
  const subjectRef = useRef(subject);
  subjectRef.current = subject;

  // A new solution: what was said about the old one no longer applies.
  const key = subject?.key;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on purpose when the solution changes
  useEffect(() => {
    abortRef.current?.abort();
    setExplanation(undefined);
    setFollowUps([]);
    setCheck(undefined);
  }, [key]);

  /** Runs one generation, streaming its text to `onText` at most once per frame. */
  const stream = useCallback(
    async (
      prompt: string,
      onText: (text: string) => void,
      extra: {
        reserveTokens?: number;
        sampling?: { temperature: number; topP: number; seed: number };
        samples?: number;
        onSamplesDone?: (done: number) => void;
      } = {},
    ): Promise<GenerateResult> => {
      const controller = new AbortController();
      abortRef.current?.abort();
      abortRef.current = controller;
      let text = '';
      let frame = 0;
      const flush = () => {
        frame = 0;
        onText(text);
      };
      try {
        const { onSamplesDone, ...fields } = extra;
        return await session.generate(
          { prompt, maxNewTokens: REPLY_TOKENS, ...fields },
          {
            signal: controller.signal,
            onChunk: (chunk) => {
              if (chunk.samplesDone !== undefined) onSamplesDone?.(chunk.samplesDone);
              text += chunk.text;
              if (!frame) frame = requestAnimationFrame(flush);
            },
          },
        );
      } finally {
        if (frame) cancelAnimationFrame(frame);
        if (abortRef.current === controller) abortRef.current = undefined;
      }
    },
    [session],
  );

  const explain = useCallback(
    async (step: number, stepText: string) => {
      const s = subjectRef.current;
      if (!s || busy) return;
      setBusy(true);
      setExplanation({ step, text: '', streaming: true });
      try {
        const prompt = conversationPrompt({
          style: s.entry.promptStyle,
          problem: s.problem,
          solution: s.solution,
          question: explainRequest(step, stepText, askLanguage(language, s.entry.languages)),
        });
        const { text } = await stream(
          prompt,
          (t) => setExplanation({ step, text: t, streaming: true }),
          {
            reserveTokens: REPLY_RESERVE_TOKENS,
          },
        );
        setExplanation({ step, text, streaming: false });
      } catch (error) {
        setExplanation((e) => ({
          step,
          text: e?.text ?? '',
          streaming: false,
          ...(isAbortError(error) ? {} : { error: toAppError(error) }),
        }));
      } finally {
        setBusy(false);
      }
    },
    [busy, language, stream],
  );

  const ask = useCallback(
    async (question: string) => {
      const s = subjectRef.current;
      const asked = question.trim();
      if (!s || busy || !asked) return;
      setBusy(true);
      const earlier = followUps.filter((f) => !f.error && f.answer);
      const index = followUps.length;
      const update = (patch: Partial<FollowUp>) =>
        setFollowUps((all) => all.map((f, i) => (i === index ? { ...f, ...patch } : f)));
      setFollowUps((all) => [...all, { question: asked, answer: '', streaming: true }]);
      try {
        const prompt = conversationPrompt({
          style: s.entry.promptStyle,
          problem: s.problem,
          solution: s.solution,
          turns: earlier,
          question: asked,
        });
        const { text: answer } = await stream(prompt, (t) => update({ answer: t }), {
          reserveTokens: REPLY_RESERVE_TOKENS,
        });
        update({ answer, streaming: false });
      } catch (error) {
        update({ streaming: false, ...(isAbortError(error) ? {} : { error: toAppError(error) }) });
      } finally {
        setBusy(false);
      }
    },
    [busy, followUps, stream],
  );

  const doubleCheck = useCallback(
    async (wanted: number) => {
      const s = subjectRef.current;
      if (!s || busy) return;
      setBusy(true);
      let samples: string[] = [];
      setCheck({ samples, wanted, running: true });
      try {
        const prompt = buildPrompt(s.entry.promptStyle, s.problem, 'cot');
        // The model's own settings (generation_config.json), as Qwen's Maj@k runs.
        const sampling = session.current?.sampling ?? { temperature: 0.7, topP: 0.8 };
        // One batch (sample i drawn with seed + i): the prompt is prefilled once and
        // each step decodes all samples together, which on a 1.5B-shaped model
        // takes a third of the time of drawing them one by one (docs/benchmarks/llm.md).
        const seed = (crypto.getRandomValues(new Uint32Array(1))[0] as number) >>> 4;
        const result = await stream(prompt, () => {}, {
          sampling: { ...sampling, seed },
          samples: wanted,
          onSamplesDone: (finished) => setCheck({ samples, wanted, finished, running: true }),
        });
        samples = (result.samples ?? [result]).map((sample) => sample.text);
        const [{ agreementOf }, equal] = await Promise.all([
          import('../../core/answer/agreement'),
          answerEquality(),
        ]);
        const agreement = await agreementOf([s.solution, ...samples], equal);
        setCheck({ samples, wanted, running: false, agreement });
      } catch (error) {
        setCheck({
          samples,
          wanted,
          running: false,
          ...(isAbortError(error) ? {} : { error: toAppError(error) }),
        });
      } finally {
        setBusy(false);
      }
    },
    [busy, session, stream],
  );

  const stop = useCallback(() => abortRef.current?.abort(), []);

  const dismissErrors = useCallback(() => {
    setExplanation((e) => (e?.error ? { ...e, error: undefined } : e) as Explanation | undefined);
    setFollowUps((all) => all.filter((f) => !f.error));
    setCheck((c) => (c?.error ? { ...c, error: undefined } : c) as DoubleCheck | undefined);
  }, []);

  return { explanation, followUps, check, busy, explain, ask, doubleCheck, stop, dismissErrors };
}

/** The grader's equality with the symbolic judge, loaded on first use (it is large). */
async function answerEquality(): Promise<(a: string, b: string) => Promise<boolean>> {
  const { mathEqual, loadComputeEngineJudge } = await import('../../core/answer');
  const symbolic = await loadComputeEngineJudge().catch(() => undefined);
  return (a, b) => mathEqual(a, b, symbolic ? { symbolic } : {});
}
