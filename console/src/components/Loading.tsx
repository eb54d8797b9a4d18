import { Bullseye, Spinner } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';

export function Loading() {
  const { t } = useTranslation();
  return (
    <Bullseye className="pf-v5-u-p-lg">
      <Spinner size="lg" aria-label={t('common.loading')} />
    </Bullseye>
  );
}
