import { PageSection } from '@patternfly/react-core';
import { PageHeader } from '../components/PageHeader';

export default function Groups() {
  return (
    <>
      <PageHeader title="Groups" />
      <PageSection>…</PageSection>
    </>
  );
}
