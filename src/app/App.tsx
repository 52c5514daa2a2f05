import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { pickModel } from '../core/availability';
import type { ProblemSource } from '../core/history';
import type { Language } from '../core/language';
import type { ReasoningMode } from '../core/prompts';
import { type ModelEntry, modelFolderUrl } from '../core/registry';
import { cutSteps } from '../core/steps';
import { parseUrlOptions } from '../core/urlParams';
import { AnswerCard } from './components/AnswerCard';
import { CheckAnswer } from './components/CheckAnswer';
import { ConfirmDownload } from './components/ConfirmDownload';
import { DownloadProgress } from './components/DownloadProgress';
import { EngineStatus } from './components/EngineStatus';
import { ErrorAlert } from './components/ErrorAlert';
import { HistoryPanel } from './components/HistoryPanel';
import { type HelpMode, HelpPicker, LanguagePicker, ModelPicker } from './components/ModelPicker';
import { OfflineControls } from './components/OfflineControls';
import { ImageInputs } from './components/ocr/ImageInputs';
import { ProblemInput } from './components/ProblemInput';
import { preloadRenderer, SolutionView } from './components/SolutionView';
import { StoredModels } from './components/StoredModels';
import { DoubleCheckPanel } from './components/tutor/DoubleCheckPanel';
import { ExplanationView } from './components/tutor/ExplanationView';
import { FollowUpPanel } from './components/tutor/FollowUpPanel';
import { HintControls } from './components/tutor/HintControls';
import { Unavailable } from './components/Unavailable';
import { appConfig } from './config';
import { useHistory } from './history/useHistory';
import { useEmbedBridge } from './hooks/useEmbedBridge';
import { useRegistry } from './hooks/useRegistry';
import { type SolvedEvent, useSolver } from './hooks/useSolver';
import { type TutorSubject, useTutor } from './hooks/useTutor';
import { currentLanguage, setLanguage, useTranslation } from './i18n';
import { AvailabilityStore, useAvailability } from './models/availability';
import { lastUsedModel, verdicts } from './models/memory';
import { warmPython } from './solver/python';

const url = parseUrlOptions(window.location.search);
const folderOf = (entry: ModelEntry) => modelFolderUrl(entry, appConfig.hubHost);

export function App() {
  const { t } = useTranslation();
  const registry = useRegistry();
  const availabilityStore = useMemo(() => new AvailabilityStore(folderOf), []);
  const availability = useAvailability(availabilityStore);
  const [problem, setProblem] = useState(url.problem ?? '');
  const [chosen, setChosen] = useState<string>();
  const [mode, setMode] = useState<ReasoningMode>(url.mode ?? 'cot');
  const [help, setHelp] = useState<HelpMode>('full');
  const [language, setLanguageState] = useState<Language>(currentLanguage);
  const history = useHistory();
  const [notice, setNotice] = useState<string>();
  const [showModels, setShowModels] = useState(false);

  useEffect(() => {
    if (registry.ready) availabilityStore.check(registry.models, { hub: registry.hub });
  }, [registry.ready, registry.models, registry.hub, availabilityStore]);

  // The model to open on (src/core/availability.ts) until the student picks one.
  // Nothing is chosen before models.json is read: `?model=` may name one of
  // its models, and a Solve pressed in that first moment would go to another.
  const modelId = registry.ready
    ? (chosen ??
      pickModel(registry.models, availability, {
        requested: url.model,
        lastUsed: lastUsedModel(),
      }) ??
      '')
    : '';
  const entry = registry.models.find((m) => m.id === modelId);
  const alternative = registry.models.find(
    (m) => m.id !== modelId && availability.get(m.id)?.state === 'available',
  );

  // How the problem came in, and the help asked for: what History records.
  const [source, setSource] = useState<ProblemSource>('typed');
  const solveMeta = useRef<{ source: ProblemSource; help: HelpMode }>({ source, help: 'full' });
  const [hiddenAnswerId, setHiddenAnswerId] = useState<string>();
  const { add: addToHistory } = history;
  const onSolved = useCallback(
    (event: SolvedEvent) => {
      const meta = solveMeta.current;
      void addToHistory({
        problem: event.problem,
        source: meta.source,
        text: event.text,
        ...(event.answerLatex !== undefined ? { answerLatex: event.answerLatex } : {}),
        help: meta.help,
        modelId: event.entry.id,
      }).then(
        (added) => meta.help === 'hints' && setHiddenAnswerId(added.id),
        () => {},
      );
    },
    [addToHistory],
  );
  const solver = useSolver(availabilityStore, onSolved);
  const { state } = solver;
  const solving = state.phase !== 'idle';

  // How the current solution is shown: fixed when Solve is pressed.
  const [solveKey, setSolveKey] = useState(0);
  const [shownHelp, setShownHelp] = useState<HelpMode>('full');
  const [revealed, setRevealed] = useState(0);
  const [answerShown, setAnswerShown] = useState(false);
  const hints = shownHelp === 'hints' && !answerShown;
  const steps = useMemo(
    () => cutSteps(state.text, state.phase === 'idle'),
    [state.text, state.phase],
  );
  const nextHintRef = useRef<HTMLButtonElement>(null);

  const subject: TutorSubject | undefined =
    entry && state.phase === 'idle' && state.problem && state.text && !state.error
      ? { entry, problem: state.problem, solution: state.text, key: String(solveKey) }
      : undefined;
  const tutor = useTutor(solver.session, subject, language);
  const busy = solving || tutor.busy;
  const stop = () => {
    solver.stop();
    tutor.stop();
  };

  useEffect(() => {
    if (mode === 'tir' && entry?.tir) warmPython();
  }, [mode, entry]);

  // `?model=` names may come from models.json, so they are checked once it is read.
  const warned = useRef(false);
  useEffect(() => {
    if (!registry.ready || !url.model || warned.current) return;
    warned.current = true;
    if (!registry.models.some((m) => m.id === url.model)) {
      setNotice(t('notices.unknownModel', { id: url.model, fallback: entry?.name ?? '' }));
    }
  }, [registry.ready, registry.models, entry, t]);

  const solve = useCallback(() => {
    if (!entry) return;
    void preloadRenderer();
    setSolveKey((k) => k + 1);
    solveMeta.current = { source, help };
    setHiddenAnswerId(undefined);
    setShownHelp(help);
    setRevealed(0);
    setAnswerShown(false);
    void solver.solve({
      problem,
      entry,
      mode: mode === 'tir' && !entry.tir ? 'cot' : mode,
      ...(url.backend ? { forcedBackend: url.backend } : {}),
    });
  }, [entry, problem, mode, help, source, solver]);
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

  const chooseLanguage = (next: Language) => {
    setLanguage(next);
    setLanguageState(next);
  };

  // Keyboard and small screens: a solve that starts puts Stop and the work in
  // view; one that ends puts its result in view and focus on it, so neither a
  // screen reader nor a thumb has to hunt for it below the fold.
  const actionsRef = useRef<HTMLDivElement>(null);
  const stopRef = useRef<HTMLButtonElement>(null);
  const answerRef = useRef<HTMLElement>(null);
  const wasSolving = useRef(false);
  useEffect(() => {
    const started = solving && !wasSolving.current;
    const ended = !solving && wasSolving.current;
    wasSolving.current = solving;
    const behavior: ScrollBehavior = window.matchMedia('(prefers-reduced-motion: reduce)').matches
      ? 'auto'
      : 'smooth';
    if (started) {
      stopRef.current?.focus({ preventScroll: true });
      actionsRef.current?.scrollIntoView({ block: 'start', behavior });
    } else if (ended && !state.error) {
      const target = hints ? nextHintRef.current : answerRef.current;
      target?.focus({ preventScroll: true });
      target?.scrollIntoView({ block: 'nearest', behavior });
    }
  }, [solving, hints, state.error]);

  const selectedAvailability = entry ? availability.get(entry.id) : undefined;
  const error = state.error ?? registry.error;
  const unavailableError =
    error?.code === 'model-unavailable' ||
    error?.code === 'model-blocked' ||
    error?.code === 'offline';
  return (
    <div className="app">
      <header className="topbar">
        <h1>{t('app.title')}</h1>
        <div className="topbar-tools">
          <LanguagePicker language={language} onLanguage={chooseLanguage} />
          <button
            type="button"
            className="secondary"
            aria-expanded={showModels}
            onClick={() => setShowModels((open) => !open)}
          >
            {t('models.button')}
          </button>
        </div>
      </header>
      <div className="settings">
        <ModelPicker
          models={registry.models}
          availability={availability}
          modelId={modelId}
          mode={mode}
          disabled={busy}
          onModel={setChosen}
          onMode={setMode}
        />
        <EngineStatus engine={state.engine} wait={state.wait} />
      </div>
      <main>
        {showModels && (
          <StoredModels
            models={registry.models}
            folderOf={folderOf}
            onDeleted={(deleted) => {
              verdicts.forgetFolder(folderOf(deleted));
              availabilityStore.forget(deleted);
              availabilityStore.check([deleted], { hub: registry.hub });
              void solver.session.unload(deleted);
            }}
            onClose={() => setShowModels(false)}
          />
        )}
        <section className="ask card">
          <ProblemInput
            value={problem}
            onChange={(text) => {
              setProblem(text);
              // Corrected OCR text still came from a picture; a cleared box starts anew.
              if (!text.trim()) setSource('typed');
            }}
            onSubmit={solve}
          />
          <ImageInputs
            problem={problem}
            onRecognized={(text, from) => {
              setProblem(text);
              setSource(from);
            }}
            // Chinese problems are read with Chinese and English (for the Latin letters in math).
            language={language === 'zh' ? 'chi_sim' : 'eng'}
            onError={(message) => setNotice(message)}
            disabled={busy}
          />
          <div className="actions" ref={actionsRef}>
            <button type="button" className="primary" onClick={solve} disabled={busy || !entry}>
              {t('app.solve')}
            </button>
            {busy && (
              <button type="button" className="secondary" ref={stopRef} onClick={stop}>
                {t('app.stop')}
              </button>
            )}
            <HelpPicker help={help} disabled={busy} onHelp={setHelp} />
          </div>
          {state.phase === 'loading' && state.download && (
            <DownloadProgress
              loaded={state.download.loaded}
              total={state.download.total}
              onCancel={solver.stop}
            />
          )}
          {state.phase === 'confirm' && state.confirmBytes !== undefined && entry && (
            <ConfirmDownload
              modelName={entry.name}
              bytes={state.confirmBytes}
              onAnswer={solver.answerConfirm}
            />
          )}
          {error && (
            <ErrorAlert error={error} onDismiss={solver.dismissError}>
              {unavailableError && (
                <Unavailable alternative={alternative} onUse={(id) => setChosen(id)} />
              )}
            </ErrorAlert>
          )}
          {!error && selectedAvailability?.state === 'unavailable' && entry && (
            <div className="note unreachable">
              <p>{t('models.unavailable', { model: entry.name })}</p>
              <Unavailable alternative={alternative} onUse={(id) => setChosen(id)} />
            </div>
          )}
          {notice && <ErrorAlert message={notice} onDismiss={() => setNotice(undefined)} />}
        </section>
        {(state.text || solving) && (
          <SolutionView
            text={state.text}
            streaming={state.phase === 'generating'}
            steps={steps}
            {...(hints ? { revealed } : {})}
            canExplain={!busy && subject !== undefined}
            onExplain={(step, text) => void tutor.explain(step, text)}
          />
        )}
        {hints && (state.text || solving) && (
          <HintControls
            revealed={revealed}
            complete={steps.complete}
            total={steps.steps.length}
            generating={solving}
            nextRef={nextHintRef}
            onNext={() => setRevealed((n) => Math.min(n + 1, steps.complete))}
            onShowAnswer={() => setAnswerShown(true)}
          />
        )}
        {state.finishReason === 'length' && <p className="note">{t('solution.lengthLimit')}</p>}
        {state.answerLatex !== undefined && !hints && (
          <AnswerCard latex={state.answerLatex} ref={answerRef} />
        )}
        {state.answerLatex !== undefined && !solving && (
          <CheckAnswer
            key={`${solveKey}:${state.answerLatex}`}
            answerLatex={state.answerLatex}
            hints={hints}
            onNotQuite={() => {
              if (hints) nextHintRef.current?.focus();
            }}
          />
        )}
        {tutor.explanation && (
          <ExplanationView explanation={tutor.explanation} onDismissError={tutor.dismissErrors} />
        )}
        {subject && (
          <section className="tutor-tools card">
            <FollowUpPanel
              followUps={tutor.followUps}
              disabled={busy}
              onAsk={(question) => void tutor.ask(question)}
              onDismissError={tutor.dismissErrors}
            />
            {!hints && (
              <DoubleCheckPanel
                check={tutor.check}
                disabled={busy}
                onCheck={(k) => void tutor.doubleCheck(k)}
                onDismissError={tutor.dismissErrors}
              />
            )}
          </section>
        )}
        <HistoryPanel
          history={history}
          modelName={(id) => registry.models.find((m) => m.id === id)?.name}
          hiddenAnswerId={hints ? hiddenAnswerId : undefined}
          onOpen={(e) => {
            setProblem(e.problem);
            setSolveKey((k) => k + 1);
            setShownHelp('full');
            setAnswerShown(false);
            solver.show(e.problem, e.text, e.answerLatex);
          }}
        />
      </main>
      <footer>
        <OfflineControls entry={entry} />
      </footer>
    </div>
  );
}
