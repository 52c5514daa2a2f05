import { describe, expect, it } from 'vitest';
import { importSummary } from './summary';

describe('the import summary', () => {
  it('says what was added, what was already here and what did not fit', () => {
    expect(importSummary({ added: 1, skipped: 0, dropped: 0 })).toBe('Imported 1 problem.');
    expect(importSummary({ added: 3, skipped: 1, dropped: 0 })).toBe(
      'Imported 3 problems; 1 problem was already here.',
    );
    expect(importSummary({ added: 0, skipped: 2, dropped: 0 })).toBe(
      'Nothing new to import; 2 problems were already here.',
    );
    expect(importSummary({ added: 2, skipped: 0, dropped: 5 })).toBe(
      'Imported 2 problems; 5 problems older did not fit (the history keeps 500).',
    );
  });
});
