import { PageSection } from '@patternfly/react-core';
import { PageHeader } from '../components/PageHeader';

export default function Bulk() {
  return (
    <>
      <PageHeader title="Bulk" />
      <PageSection>…</PageSection>
    </>
  );
}
