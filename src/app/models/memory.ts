/**
 * Small facts remembered on this device: the self-check verdict per model,
 * dtype and adapter, and the model last used. localStorage, because they are
 * tiny and read at start; where storage is denied (a strict cross-site embed)
 * they last for the visit.
 */
import type { VerdictStore } from '../solver/modelSession';

const VERDICTS_KEY = 'math-tutor:self-check:v1';
const LAST_MODEL_KEY = 'math-tutor:last-model';

function storage(): Storage | undefined {
  try {
    return localStorage;
  } catch {
    return undefined;
  }
}

function readVerdicts(): Record<string, 'pass' | 'fail'> {
  try {
    const parsed: unknown = JSON.parse(storage()?.getItem(VERDICTS_KEY) ?? '{}');
    return typeof parsed === 'object' && parsed !== null
      ? (parsed as Record<string, 'pass' | 'fail'>)
      : {};
  } catch {
    return {};
  }
}

const visit = new Map<string, 'pass' | 'fail'>();

export const verdicts: VerdictStore & { forgetFolder(folder: string): void } = {
  get(key) {
    const value = visit.get(key) ?? readVerdicts()[key];
    return value === 'pass' || value === 'fail' ? value : undefined;
  },
  set(key, verdict) {
    visit.set(key, verdict);
    const all = readVerdicts();
    all[key] = verdict;
    try {
      storage()?.setItem(VERDICTS_KEY, JSON.stringify(all));
    } catch {
      // Remembered for this visit only.
    }
  },
  /** A deleted model is checked again when it comes back (it may be another build). */
  forgetFolder(folder) {
    const all = readVerdicts();
    for (const key of Object.keys(all)) if (key.startsWith(`${folder}|`)) delete all[key];
    for (const key of [...visit.keys()]) if (key.startsWith(`${folder}|`)) visit.delete(key);
    try {
      storage()?.setItem(VERDICTS_KEY, JSON.stringify(all));
    } catch {
      // Nothing stored to forget.
    }
  },
};

export function lastUsedModel(): string | undefined {
  try {
    return storage()?.getItem(LAST_MODEL_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function rememberModel(id: string): void {
  try {
    storage()?.setItem(LAST_MODEL_KEY, id);
  } catch {
    // Not remembered; the registry order decides next time.
  }
}
