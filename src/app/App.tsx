import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReasoningMode } from '../core/prompts';
import { parseUrlOptions } from '../core/urlParams';
import { AnswerCard } from './components/AnswerCard';
import { CheckAnswer } from './components/CheckAnswer';
import { ConfirmDownload } from './components/ConfirmDownload';
import { DownloadProgress } from './components/DownloadProgress';
import { EngineStatus } from './components/EngineStatus';
import { ErrorAlert } from './components/ErrorAlert';
import { HistoryPanel } from './components/HistoryPanel';
import { ModelPicker } from './components/ModelPicker';
import { OfflineControls } from './components/OfflineControls';
import { ImageInputs } from './components/ocr/ImageInputs';
import { ProblemInput } from './components/ProblemInput';
import { preloadRenderer, SolutionView } from './components/SolutionView';
import { addToHistory, clearHistory, type HistoryEntry, readHistory } from './history';
import { useEmbedBridge } from './hooks/useEmbedBridge';
import { useModelReachable } from './hooks/useModelReachable';
import { useRegistry } from './hooks/useRegistry';
import { type SolvedEvent, useSolver } from './hooks/useSolver';
import { warmPython } from './solver/python';

const url = parseUrlOptions(window.location.search);

export function App() {
  const registry = useRegistry();
  const [problem, setProblem] = useState(url.problem ?? '');
  const [modelId, setModelId] = useState(url.model ?? registry.models[0]?.id ?? '');
  const [mode, setMode] = useState<ReasoningMode>(url.mode ?? 'cot');
  const [history, setHistory] = useState<HistoryEntry[]>(() => readHistory());
  const [notice, setNotice] = useState<string>();

  const onSolved = useCallback((event: SolvedEvent) => {
    setHistory(
      addToHistory({
        id: crypto.randomUUID(),
        problem: event.problem,
        modelId: event.entry.id,
        text: event.text,
        ...(event.answerLatex !== undefined ? { answerLatex: event.answerLatex } : {}),
        at: Date.now(),
      }),
    );
  }, []);
  const solver = useSolver(onSolved);
  const { state } = solver;
  const busy = state.phase !== 'idle';
  const entry = registry.models.find((m) => m.id === modelId);
  const reachable = useModelReachable(registry.ready ? entry : undefined);
  const alternative = registry.models.find((m) => m.hubRepo && m.id !== modelId);

  useEffect(() => {
    if (mode === 'tir' && entry?.tir) warmPython();
  }, [mode, entry]);

  // `?model=` names may come from models.json, so they are checked once it is read.
  useEffect(() => {
    if (!registry.ready) return;
    if (!registry.models.some((m) => m.id === modelId)) {
      setNotice(
        `There is no model "${modelId}" here; using ${registry.models[0]?.name ?? 'the default'}.`,
      );
      setModelId(registry.models[0]?.id ?? '');
    }
  }, [registry.ready, registry.models, modelId]);

  const solve = useCallback(() => {
    if (!entry) return;
    void preloadRenderer();
    void solver.solve({
      problem,
      entry,
      mode: mode === 'tir' && !entry.tir ? 'cot' : mode,
      ...(url.backend ? { forcedBackend: url.backend } : {}),
    });
  }, [entry, problem, mode, solver]);
  const ready = registry.ready && entry !== undefined;
  useEmbedBridge({ enabled: url.embed, ready, state, setProblem, solve });

  const autosolved = useRef(false);
  useEffect(() => {
    if (url.autosolve && url.problem && registry.ready && entry && !autosolved.current) {
      autosolved.current = true;
      solve();
    }
  }, [registry.ready, entry, solve]);

  useEffect(() => {
    // Fetch the renderer while the student types, so the first tokens render at once.
    const idle = window.requestIdleCallback?.(() => void preloadRenderer()) ?? 0;
    return () => window.cancelIdleCallback?.(idle);
  }, []);

  const error = state.error ?? registry.error;
  return (
    <div className="app">
      <header>
        <h1>Math Tutor</h1>
        <ModelPicker
          models={registry.models}
          modelId={modelId}
          mode={mode}
          disabled={busy}
          onModel={setModelId}
          onMode={setMode}
        />
        <EngineStatus engine={state.engine} />
        <OfflineControls entry={entry} />
      </header>
      <main>
        <section className="ask">
          <ProblemInput value={problem} onChange={setProblem} onSubmit={solve} />
          <ImageInputs
            onRecognized={setProblem}
            onError={(message) => setNotice(message)}
            disabled={busy}
          />
          <div className="actions">
            <button type="button" onClick={solve} disabled={busy || !entry}>
              Solve
            </button>
            {busy && (
              <button type="button" onClick={solver.stop}>
                Stop
              </button>
            )}
          </div>
          {state.phase === 'loading' && <DownloadProgress progress={state.progress} />}
          {state.phase === 'confirm' && state.confirmBytes !== undefined && entry && (
            <ConfirmDownload
              modelName={entry.name}
              bytes={state.confirmBytes}
              onAnswer={solver.answerConfirm}
            />
          )}
          {error && (
            <ErrorAlert
              message={error}
              onDismiss={() => {
                solver.dismissError();
              }}
            />
          )}
          {reachable === false && entry && (
            <p className="note unreachable">
              {entry.name} is not hosted at this address ({entry.baseUrl}).{' '}
              {alternative && (
                <button type="button" className="link" onClick={() => setModelId(alternative.id)}>
                  Use {alternative.name} from Hugging Face instead
                </button>
              )}
            </p>
          )}
          {notice && <ErrorAlert message={notice} onDismiss={() => setNotice(undefined)} />}
        </section>
        {(state.text || busy) && (
          <SolutionView text={state.text} streaming={state.phase === 'generating'} />
        )}
        {state.finishReason === 'length' && (
          <p className="note">The solution reached the length limit before it finished.</p>
        )}
        {state.answerLatex !== undefined && <AnswerCard latex={state.answerLatex} />}
        {state.answerLatex !== undefined && !busy && (
          <CheckAnswer key={state.answerLatex} answerLatex={state.answerLatex} />
        )}
        <HistoryPanel
          entries={history}
          onOpen={(e) => {
            setProblem(e.problem);
            solver.show(e.problem, e.text, e.answerLatex);
          }}
          onClear={() => {
            clearHistory();
            setHistory([]);
          }}
        />
      </main>
    </div>
  );
}
