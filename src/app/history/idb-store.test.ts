import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { type HistoryEntry, LEGACY_KEY } from '../../core/history';
import { sampleEntry } from '../../core/history/test-entries';
import { openHistoryStore } from './idb-store';

let n = 0;
/** A database of its own per test: fake-indexeddb keeps them for the whole run. */
const freshName = () => `history-test-${++n}`;

function fakeStorage(items: Record<string, string> = {}): Storage {
  const map = new Map(Object.entries(items));
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (key) => map.get(key) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (key) => void map.delete(key),
    setItem: (key, value) => void map.set(key, value),
  };
}

const ids = (entries: HistoryEntry[]) => entries.map((e) => e.id);
const oldHistory = JSON.stringify([
  { id: 'old-2', problem: 'What is 2+2?', modelId: 'qwen2', text: '$\\boxed{4}$', at: 20 },
  { id: 'old-1', problem: 'What is 1+1?', modelId: 'qwen2', text: '$\\boxed{2}$', at: 10 },
]);

describe('the IndexedDB history', () => {
  it('keeps entries newest first across connections, and deletes one or all', async () => {
    const name = freshName();
    const store = await openHistoryStore({ name, legacy: undefined });
    expect(store.persistent).toBe(true);
    await store.add(sampleEntry(1));
    await store.add(sampleEntry(3));
    await store.add(sampleEntry(2));
    const again = await openHistoryStore({ name, legacy: undefined });
    expect(ids(await again.list())).toEqual(['id-3', 'id-2', 'id-1']);
    await again.remove('id-2');
    expect(ids(await store.list())).toEqual(['id-3', 'id-1']);
    await again.clear();
    expect(await store.list()).toEqual([]);
  });

  it('drops the oldest beyond the limit and caps long texts', async () => {
    const store = await openHistoryStore({ name: freshName(), legacy: undefined, maxEntries: 3 });
    for (const i of [2, 1, 3, 4]) await store.add(sampleEntry(i));
    expect(ids(await store.list())).toEqual(['id-4', 'id-3', 'id-2']);
    await store.add(sampleEntry(5, { text: 'x'.repeat(100_000) }));
    expect((await store.list())[0]?.text.length).toBe(40_000);
  });

  it('imports without duplicates, however often the same file comes', async () => {
    const store = await openHistoryStore({ name: freshName(), legacy: undefined });
    await store.add(sampleEntry(1));
    const file = [
      sampleEntry(1),
      sampleEntry(2),
      { ...sampleEntry(2), id: 'copy' },
      sampleEntry(3),
    ];
    expect(await store.importEntries(file)).toEqual({ added: 2, skipped: 2, dropped: 0 });
    expect(await store.importEntries(file)).toEqual({ added: 0, skipped: 4, dropped: 0 });
    expect(ids(await store.list())).toEqual(['id-3', 'id-2', 'id-1']);
  });

  it('imports all or nothing: a write that fails mid-way leaves the history as it was', async () => {
    const store = await openHistoryStore({ name: freshName(), legacy: undefined });
    await store.add(sampleEntry(1));
    // Cannot be stored (a function is not cloneable): the put throws after others were queued.
    const broken = { ...sampleEntry(0), answerLatex: { slice: () => () => 0 } };
    const file = [sampleEntry(3), sampleEntry(2), broken as unknown as HistoryEntry];
    await expect(store.importEntries(file)).rejects.toThrow();
    expect(ids(await store.list())).toEqual(['id-1']);
  });

  it('moves the localStorage history in once, then removes the old copy', async () => {
    const name = freshName();
    const legacy = fakeStorage({ [LEGACY_KEY]: oldHistory, other: 'kept' });
    const store = await openHistoryStore({ name, legacy });
    expect(await store.list()).toMatchObject([
      { id: 'old-2', source: 'typed', help: 'full' },
      { id: 'old-1' },
    ]);
    expect(legacy.getItem(LEGACY_KEY)).toBeNull();
    expect(legacy.getItem('other')).toBe('kept');

    // The old copy back (an old tab wrote it again): not moved a second time.
    await store.remove('old-1');
    legacy.setItem(LEGACY_KEY, oldHistory);
    const again = await openHistoryStore({ name, legacy });
    expect(ids(await again.list())).toEqual(['old-2']);
  });

  it('clears the old copy too, if it never moved in', async () => {
    const legacy = fakeStorage({ [LEGACY_KEY]: oldHistory });
    const store = await openHistoryStore({ name: freshName(), legacy });
    legacy.setItem(LEGACY_KEY, oldHistory);
    await store.clear();
    expect(legacy.getItem(LEGACY_KEY)).toBeNull();
  });
});

describe('without IndexedDB', () => {
  const real = globalThis.indexedDB;
  afterEach(() => {
    globalThis.indexedDB = real;
  });

  it('keeps the history for this visit, with the old entries, and leaves the old copy alone', async () => {
    globalThis.indexedDB = {
      open: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    } as unknown as IDBFactory;
    const legacy = fakeStorage({ [LEGACY_KEY]: oldHistory });
    const store = await openHistoryStore({ name: freshName(), legacy });
    expect(store.persistent).toBe(false);
    await store.add(sampleEntry(1));
    expect(ids(await store.list())).toEqual(['id-1', 'old-2', 'old-1']);
    expect(await store.importEntries([sampleEntry(1), sampleEntry(2)])).toEqual({
      added: 1,
      skipped: 1,
      dropped: 0,
    });
    expect(legacy.getItem(LEGACY_KEY)).toBe(oldHistory);
  });
});
