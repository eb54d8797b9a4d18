import { PageSection } from '@patternfly/react-core';
import { PageHeader } from '../components/PageHeader';

export default function Roles() {
  return (
    <>
      <PageHeader title="Roles" />
      <PageSection>…</PageSection>
    </>
  );
}
