/**
 * The English interface. Keys are grouped by the part of the screen they
 * belong to; zh.ts has the same keys (its type is this one's). Error sentences
 * are not here: English ones come from src/core/error-text.ts, the single
 * source for CLIs, the embed and the app.
 */
export const en = {
  app: {
    title: 'Math Tutor',
    solve: 'Solve',
    stop: 'Stop',
    dismiss: 'Dismiss',
    details: 'Details',
  },
  problem: {
    label: 'Problem',
    placeholder: 'Type a problem, e.g. Solve $x^2 - 5x + 6 = 0$.',
  },
  pickers: {
    model: 'Model',
    reasoning: 'Reasoning',
    cot: 'Step by step',
    tir: 'With Python',
    notTir:
      '{{model}} was not trained to use Python; it will reason step by step. Pick Qwen2.5-Math for “With Python”.',
    language: 'Language',
    help: 'Help',
    full: 'Full solution',
    hints: 'Hints',
  },
  solution: {
    title: 'Solution',
    answer: 'Answer',
    lengthLimit: 'The solution reached the length limit before it finished.',
  },
  tutor: {
    steps: 'Steps',
    explain: 'Explain step {{step}}',
    explanation: 'Explanation',
    explanationOf: 'Step {{step}}, more simply',
    nextHint: 'Next hint',
    showAnswer: 'Show answer',
    hintProgress: 'Hint {{shown}} of {{total}}',
    hintWorking: 'Working out the next hint…',
    firstHint: 'Press “Next hint” for the first step.',
    noMoreHints: 'That was the last step. Try the answer yourself, or press “Show answer”.',
    tryNextHint: 'Take the next hint:',
    followUpLabel: 'Follow-up question',
    followUpPlaceholder: 'e.g. Why can we divide by 2 here?',
    ask: 'Ask',
    followUp: 'Follow-up',
    you: 'You',
    tutor: 'Tutor',
    doubleCheck: 'Double-check',
    samples: 'Solutions to compare',
    sampling: 'Writing solution {{done}} of {{total}}…',
    agreement: 'Agreement',
    allAgree: '{{agree}} of {{total}} solutions agree.',
    someAgree:
      '{{agree}} of {{total}} solutions agree. Others give {{others}}: check the steps carefully.',
    majorityDiffers:
      'The solutions disagree: only {{agree}} of {{total}} give the answer shown, {{count}} give {{answer}}. Check each step carefully.',
    noAnswerAgree:
      'The solution shown has no final answer, so the {{total}} solutions cannot be compared. Solve again.',
    sample: 'Solution {{n}}',
    sampleAnswer: 'Solution {{n}}: {{answer}}',
    sampleNoAnswer: 'Solution {{n}}: no final answer',
    stopped: 'Stopped.',
  },
  check: {
    label: 'Your answer',
    placeholder: 'e.g. 3/4 or x = 2',
    button: 'Check answer',
    checking: 'Checking…',
    correct: 'Correct: it matches the tutor’s answer.',
    wrong: 'Not quite: it differs from the tutor’s answer. Compare with the steps above.',
    wrongHints: 'Not quite. Take the next hint and try again.',
    unknown:
      'Could not decide whether the two answers are equal. Compare them with the steps above.',
  },
  download: {
    label: 'Model download',
    confirmTitle: 'Download model',
    confirm:
      '{{model}} is a {{size}} download. It is kept on this device, so this happens only once, and then the tutor works offline.',
    download: 'Download',
    cancel: 'Cancel',
  },
  offline: {
    button: 'Make available offline',
    progress: 'Offline download',
    status: 'Offline',
    checking: 'Checking what is already on this device…',
    saving: 'Saving for offline use…',
    savingBytes: 'Saving for offline use: {{loaded}} of {{total}}',
    keptNoShell:
      '{{model}} is kept on this device, but this browser cannot open the app without a network.',
    readyTir: 'Ready offline: {{model}}, photo reading and Python.',
    ready: 'Ready offline: {{model}} and photo reading.',
    shellReady: 'Ready offline: the app (not yet this model).',
    shellInstalling: 'Saving the app for offline use…',
    shellFailed: 'The app could not be saved for offline use; it tries again on the next visit.',
    update: 'Update',
    updateAvailable: 'Update available —',
    reload: 'Reload',
  },
  engine: {
    label: 'Engine',
    none: 'No model loaded',
    download: 'Downloading the model… {{seconds}} s',
    prepare: 'Preparing the model… {{seconds}} s',
    check: 'Checking the model on this device… {{seconds}} s',
    reading: 'Reading the problem… {{seconds}} s',
    speed: '{{speed}} tokens/s',
    reasons: {
      gpu: '',
      forced: 'as the address asks',
      'no-webgpu': 'no WebGPU in this browser',
      'software-gpu': 'no hardware GPU',
      'webgpu-failed': 'WebGPU failed',
      'self-check': 'the GPU build failed its self-check',
      'gpu-lost': 'the GPU was lost',
    },
  },
  progress: {
    bytes: '{{loaded}} of {{total}}',
    speed: '{{speed}}/s',
    left: 'about {{time}} left',
    starting: 'Starting the download…',
    cancel: 'Cancel',
  },
  models: {
    button: 'Models',
    title: 'Stored models',
    close: 'Close',
    none: 'No model is stored on this device yet. A model is stored the first time it solves a problem.',
    size: '{{size}}',
    storedOn: 'stored {{date}}',
    delete: 'Delete {{model}}',
    deleting: 'Deleting…',
    usage: 'This site uses {{used}} of the {{quota}} this browser allows it.',
    usageUnknown: 'This browser does not say how much storage is available.',
    persistent: 'Kept: the browser will not remove stored models to free space.',
    notPersistent:
      'Not protected: the browser may remove stored models when the device runs low on space.',
    persistUnknown: 'This browser does not say whether stored models are protected.',
    unavailable: '{{model}} (not available here)',
    useInstead: 'Use {{model}} instead',
    howToHost: 'How a school hosts a model',
    hostSteps:
      'Export the model with the project’s exporter (npm run export-model), copy the folder to the web server next to the app, and list it in models.json (docs/models.md in the project explains each step).',
  },
  notices: {
    unknownModel: 'There is no model "{{id}}" here; using {{fallback}}.',
  },
};

export type Messages = typeof en;
