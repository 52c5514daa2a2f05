import { describe, expect, it } from 'vitest';
import { fixedT } from '../../i18n';
import { importSummary } from './summary';

describe('the import summary', () => {
  it('says what was added, what was already here and what did not fit', () => {
    const t = fixedT('en');
    expect(importSummary(t, { added: 1, skipped: 0, dropped: 0 })).toBe(
      'New problems imported: 1.',
    );
    expect(importSummary(t, { added: 0, skipped: 2, dropped: 0 })).toBe(
      'Nothing new to import. Already here: 2.',
    );
    expect(importSummary(t, { added: 2, skipped: 1, dropped: 5 })).toBe(
      'New problems imported: 2. Already here: 1. Too old to keep (the history keeps the newest 500): 5.',
    );
  });

  it('reads in Chinese too', () => {
    expect(importSummary(fixedT('zh'), { added: 3, skipped: 1, dropped: 0 })).toBe(
      '已导入新题目：3 道。 已存在：1 道。',
    );
  });
});
