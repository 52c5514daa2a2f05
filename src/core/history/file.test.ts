import { describe, expect, it } from 'vitest';
import { HISTORY_VERSION, LIMITS } from './entry';
import { historyFileName, parseHistoryFile, serializeHistoryFile } from './file';
import { sampleEntry } from './test-entries';

const file = (patch: Record<string, unknown>) =>
  JSON.stringify({ app: 'math-tutor', kind: 'history', version: 1, entries: [], ...patch });

const reason = (text: string) => {
  const parsed = parseHistoryFile(text);
  if (parsed.ok) throw new Error('expected the file to be refused');
  return parsed.reason;
};

describe('the history file', () => {
  it('round-trips: what is exported is imported unchanged, newest first', () => {
    const entries = [sampleEntry(1), sampleEntry(3, { source: 'photo', help: 'hints' })];
    const { answerLatex: _, ...noAnswer } = sampleEntry(2, { source: 'sketch' });
    const text = serializeHistoryFile([...entries, noAnswer], Date.UTC(2025, 0, 2));
    const data = JSON.parse(text);
    expect(data).toMatchObject({
      app: 'math-tutor',
      kind: 'history',
      version: HISTORY_VERSION,
      exportedAt: '2025-01-02T00:00:00.000Z',
    });
    expect(parseHistoryFile(text)).toEqual({
      ok: true,
      entries: [entries[1], noAnswer, entries[0]],
    });
  });

  it('reads an empty history, a byte-order mark, and ignores fields it does not know', () => {
    expect(parseHistoryFile(file({}))).toEqual({ ok: true, entries: [] });
    expect(parseHistoryFile(`\ufeff${file({})}`)).toEqual({ ok: true, entries: [] });
    const later = { ...sampleEntry(1), votes: { agree: 4, total: 4 } };
    expect(parseHistoryFile(file({ entries: [later], extra: true }))).toEqual({
      ok: true,
      entries: [sampleEntry(1)],
    });
  });

  it('refuses what is not an exported history, saying why', () => {
    expect(reason('')).toMatch(/not JSON/);
    expect(reason('{"app": "math-tutor", ')).toMatch(/not JSON/);
    expect(reason('[1, 2]')).toMatch(/not a JSON object/);
    expect(reason('null')).toMatch(/not a JSON object/);
    expect(reason(JSON.stringify({ entries: [] }))).toMatch(/"app": "math-tutor"/);
    expect(reason(file({ app: 'other' }))).toMatch(/"app": "math-tutor"/);
    expect(reason(file({ kind: 'settings' }))).toMatch(/"kind": "history"/);
    expect(reason(file({ version: '1' }))).toMatch(/version/);
    expect(reason(file({ version: 0 }))).toMatch(/version/);
    expect(reason(file({ version: HISTORY_VERSION + 1 }))).toMatch(/newer than this tutor/);
    expect(reason(file({ entries: {} }))).toMatch(/"entries"/);
  });

  it('refuses the whole file for one bad entry, naming it and its field', () => {
    const bad = (patch: Record<string, unknown>) =>
      reason(file({ entries: [sampleEntry(1), { ...sampleEntry(2), ...patch }] }));
    expect(reason(file({ entries: [sampleEntry(1), 'x'] }))).toBe('Entry 2: it is not an object.');
    expect(bad({ id: '' })).toMatch(/^Entry 2: "id"/);
    expect(bad({ id: 'x'.repeat(LIMITS.id + 1) })).toMatch(/^Entry 2: "id" is longer/);
    expect(bad({ problem: undefined })).toMatch(/^Entry 2: "problem"/);
    expect(bad({ problem: '  ' })).toMatch(/^Entry 2: "problem"/);
    expect(bad({ source: 'voice' })).toBe(
      'Entry 2: "source" must be "typed", "photo" or "sketch".',
    );
    expect(bad({ text: 42 })).toMatch(/^Entry 2: "text"/);
    expect(bad({ answerLatex: null })).toMatch(/^Entry 2: "answerLatex"/);
    expect(bad({ help: 'all' })).toBe('Entry 2: "help" must be "full" or "hints".');
    expect(bad({ modelId: undefined })).toMatch(/^Entry 2: "modelId"/);
    for (const at of ['2025-01-01', Number.NaN, -1, 1e20, null]) {
      expect(bad({ at })).toMatch(/^Entry 2: "at"/);
    }
  });

  it('refuses a file far larger than any export', () => {
    expect(reason(' '.repeat(33 * 1024 * 1024))).toMatch(/larger than 32 MB/);
  });

  it('is named after the day it was made', () => {
    expect(historyFileName(new Date(2025, 2, 9, 23, 59))).toBe(
      'math-tutor-history-2025-03-09.json',
    );
  });
});
