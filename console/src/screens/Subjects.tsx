import { PageSection } from '@patternfly/react-core';
import { PageHeader } from '../components/PageHeader';

export default function Subjects() {
  return (
    <>
      <PageHeader title="Subjects" />
      <PageSection>…</PageSection>
    </>
  );
}
