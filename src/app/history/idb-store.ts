import { type DBSchema, type IDBPDatabase, type IDBPIndex, openDB } from 'idb';
import {
  capEntry,
  HISTORY_VERSION,
  type HistoryEntry,
  LEGACY_KEY,
  MAX_ENTRIES,
  mergeEntries,
  migrateLegacy,
  newestFirst,
} from '../../core/history';
import { memoryStore } from './memory';
import type { HistoryStore, ImportCounts } from './types';

interface HistoryDB extends DBSchema {
  entries: { key: string; value: HistoryEntry; indexes: { at: number } };
  /** Flags such as "the localStorage history was moved here". */
  meta: { key: string; value: boolean };
}

type DB = IDBPDatabase<HistoryDB>;

/** Its own database, so that no other part of the app can block its upgrades. */
export const DB_NAME = 'math-tutor-history';
const MIGRATED = 'legacy-migrated';
/** A database that does not open in this time is as good as denied. */
const OPEN_TIMEOUT_MS = 5000;

export interface OpenOptions {
  name?: string;
  /** Where the old history may be; undefined where localStorage is denied. */
  legacy?: Storage | undefined;
  maxEntries?: number;
}

/**
 * The history in IndexedDB, with the localStorage history moved in once. Where
 * IndexedDB is missing, denied or stuck, a store for this visit instead: the
 * tutor must keep working inside a course page that may not store anything.
 */
export async function openHistoryStore(options: OpenOptions = {}): Promise<HistoryStore> {
  const { name = DB_NAME, maxEntries = MAX_ENTRIES } = options;
  // `legacy: undefined` means "no localStorage here", not "the default".
  const legacy = 'legacy' in options ? options.legacy : pageStorage();
  let db: DB;
  try {
    db = await openWithin(name, OPEN_TIMEOUT_MS);
  } catch (error) {
    console.info('History is kept for this visit only: IndexedDB is not available.', error);
    return memoryStore(migrateLegacy(readLegacy(legacy)));
  }
  const store = idbStore(db, name, maxEntries, legacy);
  await migrateOnce(db, legacy, maxEntries).catch((error: unknown) => {
    // The old history stays where it was; the next visit tries again.
    console.warn('The localStorage history could not be moved to IndexedDB.', error);
  });
  return store;
}

function idbStore(
  first: DB,
  name: string,
  maxEntries: number,
  legacy: Storage | undefined,
): HistoryStore {
  let current: Promise<DB> | undefined = Promise.resolve(first);
  watch(first);
  function watch(db: DB) {
    // Another tab runs a newer tutor that upgrades the database: let it, and
    // reopen on the next change (a reload gives this tab the new tutor too).
    db.addEventListener('versionchange', () => {
      db.close();
      current = undefined;
    });
    db.addEventListener('close', () => {
      current = undefined;
    });
  }
  const database = () => {
    current ??= open(name).then((db) => {
      watch(db);
      return db;
    });
    return current;
  };

  return {
    persistent: true,
    async list() {
      const entries = await (await database()).getAll('entries');
      return entries.sort(newestFirst);
    },
    async add(entry) {
      const tx = (await database()).transaction('entries', 'readwrite');
      await tx.store.put(capEntry(entry));
      await dropOldest(tx.store.index('at'), maxEntries);
      await tx.done;
    },
    async remove(id) {
      await (await database()).delete('entries', id);
    },
    async clear() {
      // All of it: an old localStorage copy that never moved in must not come back either.
      const tx = (await database()).transaction(['entries', 'meta'], 'readwrite');
      await Promise.all([
        tx.objectStore('entries').clear(),
        tx.objectStore('meta').put(true, MIGRATED),
        tx.done,
      ]);
      removeLegacy(legacy);
    },
    async importEntries(incoming) {
      const db = await database();
      return importInOne(db, incoming, maxEntries);
    },
  };
}

/** All or nothing: the whole import is one transaction, aborted by any failure. */
async function importInOne(
  db: DB,
  incoming: readonly HistoryEntry[],
  maxEntries: number,
  flag?: string,
): Promise<ImportCounts> {
  const tx = db.transaction(['entries', 'meta'], 'readwrite');
  const writes: Promise<unknown>[] = [];
  try {
    const entries = tx.objectStore('entries');
    const existing = await entries.getAll();
    // No await but IndexedDB's between here and tx.done, or the transaction would commit early.
    const result = mergeEntries(existing, incoming, maxEntries);
    const kept = new Set(result.entries.map((e) => e.id));
    for (const e of result.added) writes.push(entries.put(e));
    for (const e of existing) if (!kept.has(e.id)) writes.push(entries.delete(e.id));
    if (flag) writes.push(tx.objectStore('meta').put(true, flag));
    await Promise.all([...writes, tx.done]);
    return { added: result.added.length, skipped: result.skipped, dropped: result.dropped };
  } catch (error) {
    // A write that throws (say, the quota) must not let the writes before it commit.
    abort(tx);
    // The queued writes now fail with AbortError: expected, and answered by `error`.
    for (const settled of [...writes, tx.done]) settled.catch(() => {});
    throw error;
  }
}

/**
 * Moves the localStorage history in, once: the entries and the "done" mark in
 * one transaction, and the old copy removed only after it committed.
 */
async function migrateOnce(db: DB, legacy: Storage | undefined, maxEntries: number) {
  if (await db.get('meta', MIGRATED)) return;
  const raw = readLegacy(legacy);
  await importInOne(db, migrateLegacy(raw), maxEntries, MIGRATED);
  if (raw !== null) removeLegacy(legacy);
}

/** Oldest first along the `at` index, inside the caller's transaction. */
async function dropOldest(
  index: IDBPIndex<HistoryDB, ['entries'], 'entries', 'at', 'readwrite'>,
  maxEntries: number,
) {
  let excess = (await index.count()) - maxEntries;
  let cursor = excess > 0 ? await index.openCursor() : null;
  while (cursor && excess > 0) {
    await cursor.delete();
    excess--;
    cursor = await cursor.continue();
  }
}

function open(name: string): Promise<DB> {
  return openDB<HistoryDB>(name, HISTORY_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const entries = db.createObjectStore('entries', { keyPath: 'id' });
        entries.createIndex('at', 'at');
        db.createObjectStore('meta');
      }
      // Later versions: convert records here, in the upgrade's own transaction.
    },
  });
}

async function openWithin(name: string, ms: number): Promise<DB> {
  // `indexedDB` itself may throw (SecurityError) where storage is denied.
  if (typeof indexedDB === 'undefined' || indexedDB === null) throw new Error('no indexedDB');
  const opening = open(name);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`IndexedDB did not open in ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([opening, timeout]);
  } catch (error) {
    // If it opens after all, this visit has moved on to memory: let it go.
    opening.then((db) => db.close()).catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function readLegacy(storage: Storage | undefined): string | null {
  try {
    return storage?.getItem(LEGACY_KEY) ?? null;
  } catch {
    return null;
  }
}

function abort(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already finished or aborted by the failure itself.
  }
}

function removeLegacy(storage: Storage | undefined): void {
  try {
    storage?.removeItem(LEGACY_KEY);
  } catch {
    // Marked as moved: it is not read again.
  }
}

/** localStorage, or undefined where merely reading the property throws (denied storage). */
function pageStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}
