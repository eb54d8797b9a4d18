import { Alert, AlertActionCloseButton } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../lib/errors';

/**
 * The server's refusal or failure, as the server worded it. role="alert" so screen readers announce it. {@code hint}:
 * what the console adds (which of its controls does what the server asks), below the server's words.
 */
export function ErrorAlert({ error, onClose, title, hint }: { error: unknown; onClose?: () => void; title?: string; hint?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const status = error instanceof ApiError ? error.status : 0;
  const heading =
    title ??
    (status === 403 ? t('error.forbidden') : status === 404 ? t('error.notFound') : status === 409 ? t('error.conflict') : status === 400 ? t('error.invalid') : t('error.failed'));
  return (
    <Alert
      variant="danger"
      isInline
      title={heading}
      role="alert"
      data-testid="error-alert"
      className="kc-alert"
      actionClose={onClose ? <AlertActionCloseButton onClose={onClose} aria-label={t('common.closeAlert')} /> : undefined}
    >
      <p>{errorMessage(error)}</p>
      {hint && <p className="pf-v5-u-mt-sm" data-testid="error-hint">{hint}</p>}
    </Alert>
  );
}
