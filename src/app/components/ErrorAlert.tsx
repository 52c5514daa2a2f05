import type { ReactNode } from 'react';
import type { AppError } from '../../core/errors';
import { errorMessage, useTranslation } from '../i18n';

/**
 * A failure in the student's words: the sentence made from its code (never
 * an exception's own text), what to do, and for a teacher or developer the
 * code and the technical details behind a collapsed "Details".
 */
export function ErrorAlert({
  error,
  message,
  onDismiss,
  children,
}: {
  error?: Pick<AppError, 'code' | 'params' | 'message' | 'details'>;
  /** A plain notice instead of an error. */
  message?: string;
  onDismiss: () => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="alert">
      <div className="alert-body">
        <p>{error ? errorMessage(error) : message}</p>
        {children}
        {error && (
          <details>
            <summary>{t('app.details')}</summary>
            <p>
              <code>{error.code}</code>
              {error.details ? `: ${error.details}` : ''}
            </p>
          </details>
        )}
      </div>
      <button type="button" className="dismiss" aria-label={t('app.dismiss')} onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
