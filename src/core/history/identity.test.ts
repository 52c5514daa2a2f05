import { describe, expect, it } from 'vitest';
import { LIMITS } from './entry';
import { contentKey, mergeEntries } from './identity';
import { sampleEntry } from './test-entries';

describe('merging histories', () => {
  it('adds new entries and keeps them newest first', () => {
    const result = mergeEntries([sampleEntry(2)], [sampleEntry(1), sampleEntry(3)]);
    expect(result.entries.map((e) => e.id)).toEqual(['id-3', 'id-2', 'id-1']);
    expect(result.added.map((e) => e.id)).toEqual(['id-3', 'id-1']);
    expect(result).toMatchObject({ skipped: 0, dropped: 0 });
  });

  it('never duplicates: the same id, or the same problem, solution and time', () => {
    const here = [sampleEntry(1), sampleEntry(2)];
    const incoming = [
      sampleEntry(1, { problem: 'edited elsewhere' }), // same id: the device's copy wins
      { ...sampleEntry(2), id: 'another-id' }, // same solve, another id
      sampleEntry(3),
      sampleEntry(3), // twice in the file
    ];
    const result = mergeEntries(here, incoming);
    expect(result.entries).toEqual([sampleEntry(3), ...here.toReversed()]);
    expect(result).toMatchObject({ skipped: 3, dropped: 0 });
    // Importing the result again changes nothing.
    const again = mergeEntries(result.entries, incoming);
    expect(again.entries).toEqual(result.entries);
    expect(again).toMatchObject({ added: [], skipped: 4 });
  });

  it('tells apart solves that differ in problem, solution or time', () => {
    const base = sampleEntry(1);
    const keys = new Set(
      [
        base,
        { ...base, problem: `${base.problem} ` },
        { ...base, text: `${base.text}.` },
        { ...base, at: base.at + 1 },
      ].map(contentKey),
    );
    expect(keys.size).toBe(4);
    expect(contentKey({ ...base, id: 'x', modelId: 'other' })).toBe(contentKey(base));
  });

  it('keeps the newest `limit` entries and counts the incoming ones left out', () => {
    const here = [sampleEntry(5), sampleEntry(4)];
    const result = mergeEntries(here, [sampleEntry(6), sampleEntry(1)], 3);
    expect(result.entries.map((e) => e.id)).toEqual(['id-6', 'id-5', 'id-4']);
    expect(result).toMatchObject({ skipped: 0, dropped: 1 });
    expect(result.added.map((e) => e.id)).toEqual(['id-6']);
  });

  it('caps long texts of incoming entries', () => {
    const long = sampleEntry(1, { text: 'x'.repeat(LIMITS.text + 10) });
    const [kept] = mergeEntries([], [long]).entries;
    expect(kept?.text.length).toBe(LIMITS.text);
  });
});
