import { MAX_ENTRIES } from '../../../core/history';
import type { ImportCounts } from '../../history/types';
import type { TFunction } from '../../i18n';

/** What an import did, for the status line. */
export function importSummary(t: TFunction, { added, skipped, dropped }: ImportCounts): string {
  return [
    added === 0 ? t('history.nothingNew') : t('history.imported', { count: added }),
    skipped > 0 ? t('history.alreadyHere', { count: skipped }) : '',
    dropped > 0 ? t('history.tooOld', { count: dropped, max: MAX_ENTRIES }) : '',
  ]
    .filter(Boolean)
    .join(' ');
}
