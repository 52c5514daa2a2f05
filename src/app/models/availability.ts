/**
 * Which registry models can be used from here (src/core/availability.ts),
 * asked once per model and visit, in parallel, at start. A store outside
 * React so that Solve can wait for an answer still on its way.
 */
import { useSyncExternalStore } from 'react';
import { type Availability, probeModel } from '../../core/availability';
import type { ModelEntry } from '../../core/registry';
import { isStored } from '../../engines/llm/client';

export class AvailabilityStore {
  private readonly answers = new Map<string, Promise<Availability>>();
  private snapshot: ReadonlyMap<string, Availability> = new Map();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly folderOf: (entry: ModelEntry) => string) {}

  /** Asks about every model not asked about yet (`hub: false`: Hub models are never asked). */
  check(models: readonly ModelEntry[], options: { hub: boolean }): void {
    for (const entry of models) {
      const key = this.keyOf(entry);
      if (this.answers.has(key)) continue;
      const answer: Promise<Availability> =
        entry.hubRepo && !options.hub
          ? Promise.resolve({
              state: 'unavailable',
              reason: 'not-allowed',
              detail: 'models.json says "hub": false',
            })
          : probeModel(this.folderOf(entry), {
              fetch: (input, init) => fetch(input, init),
              isStored,
              online: () => navigator.onLine,
            });
      this.answers.set(key, answer);
      this.set(entry.id, { state: 'checking' });
      void answer.then((a) => this.set(entry.id, a));
    }
  }

  /** The answer for a model, waiting for it if it is on its way. */
  async of(entry: ModelEntry): Promise<Availability> {
    return (await this.answers.get(this.keyOf(entry))) ?? { state: 'available', stored: false };
  }

  /** A model was stored or deleted here: ask again. */
  forget(entry: ModelEntry): void {
    this.answers.delete(this.keyOf(entry));
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.snapshot;

  private keyOf(entry: ModelEntry): string {
    return `${entry.id}|${this.folderOf(entry)}`;
  }

  private set(id: string, availability: Availability): void {
    const next = new Map(this.snapshot);
    next.set(id, availability);
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }
}

export function useAvailability(store: AvailabilityStore): ReadonlyMap<string, Availability> {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
