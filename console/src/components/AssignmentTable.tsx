import { Button, Label, TextInput } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useConsole } from '../lib/context';
import { formatDate, isoDay } from '../lib/format';
import type { Assignment } from '../lib/types';
import { ConfirmModal } from './ConfirmModal';
import { useAction } from './hooks';

/** Role assignments with revoke and change of start/expiry when the caller may grant (the server decides per row). */
export function AssignmentTable({ items, onChanged, label, showHolder, editable }: {
  items: Assignment[];
  onChanged?: () => void;
  label: string;
  showHolder?: boolean;
  editable?: boolean;
}) {
  const { t } = useTranslation();
  const { api } = useConsole();
  const [revoke, setRevoke] = useState<Assignment>();
  const [expiry, setExpiry] = useState<Assignment>();
  const [expiryValue, setExpiryValue] = useState('');
  const [startValue, setStartValue] = useState('');
  const action = useAction();

  if (items.length === 0) return <p>{t('assignment.none')}</p>;
  return (
    <>
      <div className="kc-table-scroll">
        <Table aria-label={label} variant="compact">
          <Thead>
            <Tr>
              {showHolder && <Th>{t('assignment.holder')}</Th>}
              <Th>{t('assignment.role')}</Th>
              <Th>{t('assignment.domain')}</Th>
              <Th>{t('assignment.subject')}</Th>
              <Th>{t('assignment.starts')}</Th>
              <Th>{t('assignment.expires')}</Th>
              <Th>{t('assignment.status')}</Th>
              {editable && <Th screenReaderText={t('common.actions')} />}
            </Tr>
          </Thead>
          <Tbody>
            {items.map((a) => (
              <Tr key={a.id} data-testid={`assignment-row-${a.id}`}>
                {showHolder && (
                  <Td dataLabel={t('assignment.holder')}>
                    {a.userId ? <Link to={`/users/${a.userId}`}>{t('assignment.user')}</Link> : a.groupId ? <Link to={`/groups/${a.groupId}`}>{t('assignment.group')}</Link> : ''}
                  </Td>
                )}
                <Td dataLabel={t('assignment.role')}>{a.role}</Td>
                <Td dataLabel={t('assignment.domain')}>
                  {a.domainId ? <Link to={`/hierarchy/${a.domainId}`}>{a.domainName ?? a.domainIdentifier}</Link> : a.domainName}{' '}
                  <span className="kc-muted">({a.domainType} {a.domainIdentifier})</span>
                </Td>
                <Td dataLabel={t('assignment.subject')}>{a.subject ?? ''}</Td>
                <Td dataLabel={t('assignment.starts')}>{formatDate(a.startsAt)}</Td>
                <Td dataLabel={t('assignment.expires')}>{a.expiresAt ? formatDate(a.expiresAt) : t('assignment.never')}</Td>
                <Td dataLabel={t('assignment.status')}>
                  <Label color={a.active === false ? 'grey' : 'green'}>{a.active === false ? t('assignment.inactive') : t('assignment.active')}</Label>
                </Td>
                {editable && (
                  <Td dataLabel={t('common.actions')} className="kc-nowrap">
                    <Button
                      variant="secondary"
                      size="sm"
                      data-testid={`assignment-expiry-${a.id}`}
                      aria-label={t('assignment.changeDatesOf', { role: a.role, domain: a.domainName ?? a.domainIdentifier })}
                      onClick={() => {
                        action.setError(undefined);
                        setExpiryValue(isoDay(a.expiresAt));
                        setStartValue(isoDay(a.startsAt));
                        setExpiry(a);
                      }}
                    >
                      {t('assignment.changeDates')}
                    </Button>{' '}
                    <Button
                      variant="danger"
                      size="sm"
                      data-testid={`assignment-revoke-${a.id}`}
                      aria-label={t('assignment.revokeOf', { role: a.role, domain: a.domainName ?? a.domainIdentifier })}
                      onClick={() => {
                        action.setError(undefined);
                        setRevoke(a);
                      }}
                    >
                      {t('assignment.revoke')}
                    </Button>
                  </Td>
                )}
              </Tr>
            ))}
          </Tbody>
        </Table>
      </div>
      {revoke && (
        <ConfirmModal
          title={t('assignment.revokeTitle')}
          confirmLabel={t('assignment.revoke')}
          danger
          busy={action.busy}
          error={action.error}
          onClose={() => setRevoke(undefined)}
          onConfirm={async () => {
            const r = await action.run(() => api.send('DELETE', `/assignments/${revoke.id}`));
            if (r.ok) {
              setRevoke(undefined);
              onChanged?.();
            }
          }}
        >
          {t('assignment.revokeText', { role: revoke.role, domain: revoke.domainName ?? revoke.domainIdentifier })}
        </ConfirmModal>
      )}
      {expiry && (
        <ConfirmModal
          title={t('assignment.changeDates')}
          confirmLabel={t('common.save')}
          busy={action.busy}
          error={action.error}
          onClose={() => setExpiry(undefined)}
          onConfirm={async () => {
            const r = await action.run(() =>
              api.send('PUT', `/assignments/${expiry.id}`, { startsAt: startValue || '', expiresAt: expiryValue || '' }),
            );
            if (r.ok) {
              setExpiry(undefined);
              onChanged?.();
            }
          }}
        >
          <div className="pf-v5-c-form">
            <div className="pf-v5-c-form__group">
              <label className="pf-v5-c-form__label" htmlFor="assignment-start-input">
                <span className="pf-v5-c-form__label-text">{t('assignment.starts')}</span>
              </label>
              <TextInput id="assignment-start-input" type="date" value={startValue} onChange={(_e, v) => setStartValue(v)} />
            </div>
            <div className="pf-v5-c-form__group">
              <label className="pf-v5-c-form__label" htmlFor="assignment-expiry-input">
                <span className="pf-v5-c-form__label-text">{t('assignment.expires')}</span>
              </label>
              <TextInput id="assignment-expiry-input" type="date" value={expiryValue} onChange={(_e, v) => setExpiryValue(v)} data-testid="assignment-expiry-input" aria-describedby="assignment-expiry-help" />
              <p id="assignment-expiry-help" className="kc-muted">{t('assignment.expiryHelp')}</p>
            </div>
          </div>
        </ConfirmModal>
      )}
    </>
  );
}
