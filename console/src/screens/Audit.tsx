import { PageSection } from '@patternfly/react-core';
import { PageHeader } from '../components/PageHeader';

export default function Audit() {
  return (
    <>
      <PageHeader title="Audit" />
      <PageSection>…</PageSection>
    </>
  );
}
