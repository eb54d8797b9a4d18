import { PageSection } from '@patternfly/react-core';
import { PageHeader } from '../components/PageHeader';

export default function GroupDetail() {
  return (
    <>
      <PageHeader title="GroupDetail" />
      <PageSection>…</PageSection>
    </>
  );
}
