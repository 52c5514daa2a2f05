import { describe, expect, it } from 'vitest';
import type { ModelEntry } from '../../core/registry';
import type { OfflineState } from '../hooks/useOffline';
import { fixedT } from '../i18n';
import { noteFor as noteWith } from './OfflineControls';

const t = fixedT('en');
const noteFor = (s: OfflineState, e: ModelEntry) => noteWith(s, e, t);

const entry: ModelEntry = {
  id: 'm',
  name: 'Qwen2.5-Math 1.5B Instruct',
  hubRepo: 'onnx-community/Qwen2.5-Math-1.5B-Instruct',
  dtype: { webgpu: 'q4', wasm: 'q4' },
  promptStyle: 'qwen25-math-cot',
  tir: true,
  languages: ['en', 'zh'],
  contextLength: 4096,
};

const state = (patch: Partial<OfflineState>): OfflineState => ({
  shell: { status: 'ready', updateWaiting: false },
  phase: 'idle',
  ...patch,
});

describe('the Offline status', () => {
  it('says the app alone is ready until the model is kept', () => {
    expect(noteFor(state({ kept: false }), entry)).toBe(
      'Ready offline: the app (not yet this model).',
    );
    expect(noteFor(state({ kept: true }), entry)).toBe(
      'Ready offline: Qwen2.5-Math 1.5B Instruct, photo reading and Python.',
    );
    expect(noteFor(state({ kept: true }), { ...entry, tir: false })).toBe(
      'Ready offline: Qwen2.5-Math 1.5B Instruct and photo reading.',
    );
  });

  it('shows progress while saving, and nothing stale', () => {
    expect(noteFor(state({ kept: true, phase: 'checking' }), entry)).toMatch(/^Checking/);
    expect(
      noteFor(state({ phase: 'saving', progress: { loaded: 12_300_000, total: 1.2e9 } }), entry),
    ).toBe('Saving for offline use: 12.3 MB of 1.20 GB');
    expect(noteFor(state({ kept: true, phase: 'confirm' }), entry)).toBe('');
  });

  it('is honest where the app itself cannot be kept', () => {
    const unsupported = state({ shell: { status: 'unsupported', updateWaiting: false } });
    expect(noteFor({ ...unsupported, kept: true }, entry)).toMatch(
      /is kept on this device, but this browser cannot open the app without a network/,
    );
    expect(noteFor(unsupported, entry)).toBe('');
    expect(noteFor(state({ shell: { status: 'failed', updateWaiting: false } }), entry)).toMatch(
      /could not be saved/,
    );
  });
});

describe('the Offline status in Chinese', () => {
  it('reads the same states in the interface language', () => {
    const zh = fixedT('zh');
    expect(noteWith(state({ kept: true }), entry, zh)).toBe(
      '可离线使用：Qwen2.5-Math 1.5B Instruct、拍照识题和 Python。',
    );
  });
});
