import { MAX_ENTRIES } from '../../../core/history';
import type { ImportCounts } from '../../history/types';

const problems = (n: number) => (n === 1 ? '1 problem' : `${n} problems`);

/** What an import did, in one sentence for the status line. */
export function importSummary({ added, skipped, dropped }: ImportCounts): string {
  const parts = [
    added === 0 ? 'Nothing new to import' : `Imported ${problems(added)}`,
    skipped > 0 ? `${problems(skipped)} ${skipped === 1 ? 'was' : 'were'} already here` : '',
    dropped > 0 ? `${problems(dropped)} older did not fit (the history keeps ${MAX_ENTRIES})` : '',
  ].filter(Boolean);
  return `${parts.join('; ')}.`;
}
