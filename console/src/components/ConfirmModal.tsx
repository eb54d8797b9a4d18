import { Button, Modal, ModalVariant } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './ErrorAlert';

/** A confirmation dialog; the action's refusal is shown inside it, so the user sees why nothing happened. */
export function ConfirmModal({ title, children, confirmLabel, danger, busy, error, onConfirm, onClose, testId, hint }: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onClose: () => void;
  testId?: string;
  /** shown under the server's refusal (see ErrorAlert) */
  hint?: string;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      variant={ModalVariant.small}
      title={title}
      isOpen
      onClose={onClose}
      data-testid={testId}
      actions={[
        <Button key="ok" variant={danger ? 'danger' : 'primary'} onClick={onConfirm} isLoading={busy} isDisabled={busy} data-testid="confirm">
          {confirmLabel}
        </Button>,
        <Button key="cancel" variant="link" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
      ]}
    >
      <ErrorAlert error={error} hint={hint} />
      {children}
    </Modal>
  );
}
