import { ActionGroup, Button, Card, CardBody, Form, FormGroup, PageSection, TextInput, Title } from '@patternfly/react-core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ErrorAlert } from '../components/ErrorAlert';
import { GrantFields, grantBody, type GrantValue } from '../components/GrantModal';
import { useAction } from '../components/hooks';
import { PageHeader } from '../components/PageHeader';
import { useConsole } from '../lib/context';
import type { Domain, User } from '../lib/types';

/** A new user comes with a first role assignment (POST /users): a delegated admin cannot create users they could not see. */
export default function UserCreate() {
  const { t } = useTranslation();
  const { api } = useConsole();
  const navigate = useNavigate();
  const action = useAction();
  const [user, setUser] = useState<User>({ username: '', email: '', firstName: '', lastName: '' });
  const [grant, setGrant] = useState<GrantValue>({});
  const [domain, setDomain] = useState<Domain>();
  const set = (k: keyof User) => (_e: unknown, v: string) => setUser({ ...user, [k]: v });

  const submit = async () => {
    const body: User = {
      username: user.username || undefined,
      email: user.email || undefined,
      firstName: user.firstName || undefined,
      lastName: user.lastName || undefined,
      enabled: true,
      assignments: [grantBody(grant, domain)],
    };
    const r = await action.run(() => api.send<User>('POST', '/users', body));
    if (r.ok && r.value?.id) navigate(`/users/${r.value.id}`);
  };

  return (
    <>
      <PageHeader title={t('users.createTitle')} crumbs={[{ label: t('nav.home'), to: '/' }, { label: t('users.title'), to: '/users' }, { label: t('users.createTitle') }]} />
      <PageSection>
        <Card>
          <CardBody>
            <ErrorAlert error={action.error} />
            <Form
              onSubmit={(e) => {
                e.preventDefault();
                void submit();
              }}
              className="kc-form"
            >
              <Title headingLevel="h2" size="lg">{t('users.profile')}</Title>
              <FormGroup label={t('user.email')} fieldId="new-email" isRequired>
                <TextInput id="new-email" type="email" value={user.email} onChange={set('email')} isRequired data-testid="user-email" autoComplete="off" />
              </FormGroup>
              <FormGroup label={t('user.username')} fieldId="new-username" labelInfo={t('users.usernameDefault')}>
                <TextInput id="new-username" value={user.username} onChange={set('username')} data-testid="user-username" autoComplete="off" />
              </FormGroup>
              <FormGroup label={t('user.firstName')} fieldId="new-first">
                <TextInput id="new-first" value={user.firstName} onChange={set('firstName')} data-testid="user-first-name" />
              </FormGroup>
              <FormGroup label={t('user.lastName')} fieldId="new-last">
                <TextInput id="new-last" value={user.lastName} onChange={set('lastName')} data-testid="user-last-name" />
              </FormGroup>
              <Title headingLevel="h2" size="lg">{t('users.firstAssignment')}</Title>
              <GrantFields value={grant} onChange={setGrant} domain={domain} onDomain={setDomain} />
              <ActionGroup>
                <Button type="submit" isLoading={action.busy} isDisabled={action.busy} data-testid="user-save">{t('common.create')}</Button>
                <Button variant="link" onClick={() => navigate('/users')}>{t('common.cancel')}</Button>
              </ActionGroup>
            </Form>
          </CardBody>
        </Card>
      </PageSection>
    </>
  );
}
