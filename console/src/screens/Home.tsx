import {
  Card,
  CardBody,
  CardTitle,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Gallery,
  Label,
  PageSection,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { PageHeader } from '../components/PageHeader';
import { useConsole } from '../lib/context';
import { formatDate, formatNumber, userLabel } from '../lib/format';

export default function Home() {
  const { t } = useTranslation();
  const { me } = useConsole();
  const level = me.realmAdmin ? t('home.realmAdmin') : me.viewer ? t('home.viewer') : t('home.delegated');
  const counts = me.counts ?? {};
  const shortcuts = [
    { to: '/hierarchy', label: t('home.goHierarchy'), show: true },
    { to: '/users', label: t('home.goUsers'), show: true },
    { to: '/users/new', label: t('home.goCreateUser'), show: me.can.manageUsers },
    { to: '/bulk', label: t('home.goBulk'), show: me.can.bulkImport.length > 0 || me.can.bulkExport.length > 0 },
    { to: '/audit', label: t('home.goAudit'), show: me.can.readAudit },
    { to: '/reports', label: t('home.goReports'), show: me.can.readReports === true },
    { to: '/self-registration', label: t('home.goSelfRegistration'), show: me.can.manageSelfRegistration === true },
  ].filter((s) => s.show);

  return (
    <>
      <PageHeader title={t('home.title')} description={t('home.description', { realm: me.realm })} />
      <PageSection>
        <Gallery hasGutter minWidths={{ default: '100%', md: '320px' }}>
          <Card data-testid="home-user">
            <CardTitle><Title headingLevel="h2" size="lg">{t('home.whoAmI')}</Title></CardTitle>
            <CardBody>
              <DescriptionList isCompact>
                <DescriptionListGroup>
                  <DescriptionListTerm>{t('user.name')}</DescriptionListTerm>
                  <DescriptionListDescription>{userLabel(me.user)}</DescriptionListDescription>
                </DescriptionListGroup>
                <DescriptionListGroup>
                  <DescriptionListTerm>{t('user.username')}</DescriptionListTerm>
                  <DescriptionListDescription>{me.user.username}</DescriptionListDescription>
                </DescriptionListGroup>
                {me.user.email && (
                  <DescriptionListGroup>
                    <DescriptionListTerm>{t('user.email')}</DescriptionListTerm>
                    <DescriptionListDescription>{me.user.email}</DescriptionListDescription>
                  </DescriptionListGroup>
                )}
                <DescriptionListGroup>
                  <DescriptionListTerm>{t('home.access')}</DescriptionListTerm>
                  <DescriptionListDescription><Label color={me.realmAdmin ? 'purple' : 'blue'}>{level}</Label></DescriptionListDescription>
                </DescriptionListGroup>
              </DescriptionList>
            </CardBody>
          </Card>
          <Card>
            <CardTitle><Title headingLevel="h2" size="lg">{t('home.inScope')}</Title></CardTitle>
            <CardBody>
              <DescriptionList isHorizontal isCompact>
                <DescriptionListGroup>
                  <DescriptionListTerm>{t('home.countDomains')}</DescriptionListTerm>
                  <DescriptionListDescription data-testid="home-count-domains">{formatNumber(counts.domains)}</DescriptionListDescription>
                </DescriptionListGroup>
                <DescriptionListGroup>
                  <DescriptionListTerm>{t('home.countUsers')}</DescriptionListTerm>
                  <DescriptionListDescription data-testid="home-count-users">{formatNumber(counts.users)}</DescriptionListDescription>
                </DescriptionListGroup>
                <DescriptionListGroup>
                  <DescriptionListTerm>{t('home.countAssignments')}</DescriptionListTerm>
                  <DescriptionListDescription data-testid="home-count-assignments">{formatNumber(counts.assignments)}</DescriptionListDescription>
                </DescriptionListGroup>
              </DescriptionList>
            </CardBody>
          </Card>
          <Card>
            <CardTitle><Title headingLevel="h2" size="lg">{t('home.shortcuts')}</Title></CardTitle>
            <CardBody>
              <ul className="kc-link-list">
                {shortcuts.map((s) => (
                  <li key={s.to}><Link to={s.to}>{s.label}</Link></li>
                ))}
              </ul>
            </CardBody>
          </Card>
        </Gallery>
      </PageSection>
      <PageSection>
        <Card data-testid="home-assignments">
          <CardTitle><Title headingLevel="h2" size="lg">{t('home.myAssignments')}</Title></CardTitle>
          <CardBody>
            {me.realmAdmin && <p className="pf-v5-u-mb-md">{t('home.realmAdminScope')}</p>}
            {me.viewer && !me.realmAdmin && <p className="pf-v5-u-mb-md">{t('home.viewerScope')}</p>}
            {me.adminAssignments.length === 0 ? (
              !me.realmAdmin && !me.viewer && <p>{t('home.noAssignments')}</p>
            ) : (
              <Table aria-label={t('home.myAssignments')} variant="compact">
                <Thead>
                  <Tr>
                    <Th>{t('assignment.role')}</Th>
                    <Th>{t('assignment.domain')}</Th>
                    <Th>{t('assignment.subject')}</Th>
                    <Th>{t('assignment.expires')}</Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {me.adminAssignments.map((a) => (
                    <Tr key={a.id}>
                      <Td dataLabel={t('assignment.role')}>{a.role}</Td>
                      <Td dataLabel={t('assignment.domain')}>
                        {a.domainId ? <Link to={`/hierarchy/${a.domainId}`}>{a.domainName ?? a.domainIdentifier}</Link> : a.domainName}{' '}
                        <span className="kc-muted">({a.domainType} {a.domainIdentifier})</span>
                      </Td>
                      <Td dataLabel={t('assignment.subject')}>{a.subject ?? t('assignment.allSubjects')}</Td>
                      <Td dataLabel={t('assignment.expires')}>{a.expiresAt ? formatDate(a.expiresAt) : t('assignment.never')}</Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            )}
          </CardBody>
        </Card>
      </PageSection>
    </>
  );
}
