import { Button, Form, Modal, ModalVariant } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './ErrorAlert';

/** A modal form: Enter submits, the server's refusal appears above the fields. */
export function FormModal({ title, children, submitLabel, busy, error, onSubmit, onClose, testId, submitTestId, variant, hint }: {
  title: string;
  children: ReactNode;
  submitLabel: string;
  busy?: boolean;
  error?: unknown;
  onSubmit: () => void;
  onClose: () => void;
  testId?: string;
  /** shown under the server's refusal (see ErrorAlert) */
  hint?: string;
  submitTestId?: string;
  variant?: 'small' | 'medium';
}) {
  const { t } = useTranslation();
  const formId = (testId ?? 'form') + '-form';
  return (
    <Modal
      variant={variant === 'small' ? ModalVariant.small : ModalVariant.medium}
      title={title}
      isOpen
      onClose={onClose}
      data-testid={testId}
      actions={[
        <Button key="ok" type="submit" form={formId} variant="primary" isLoading={busy} isDisabled={busy} data-testid={submitTestId}>
          {submitLabel}
        </Button>,
        <Button key="cancel" variant="link" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
      ]}
    >
      <ErrorAlert error={error} hint={hint} />
      <Form
        id={formId}
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        {children}
      </Form>
    </Modal>
  );
}
