import { Button, Flex, FlexItem } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../lib/format';
import { pageRange } from '../lib/paging';

/**
 * Previous / next paging over first+max. With X-Total-Count the range reads "1–20 of N", with a capped total
 * (X-Total-Count-Capped) "1–20 of N+"; without, a full page means there may be more.
 */
export function Pager({ first, max, count, total, totalCapped, onChange, label }: {
  first: number;
  max: number;
  count: number;
  total?: number;
  /** total is a lower bound: there are more */
  totalCapped?: boolean;
  onChange: (first: number) => void;
  label: string;
}) {
  const { t } = useTranslation();
  const { from, to, hasNext } = pageRange(first, max, count, total, totalCapped);
  const range = total === undefined
    ? t('pager.range', { from: formatNumber(from), to: formatNumber(to) })
    : t(totalCapped ? 'pager.rangeOfAtLeast' : 'pager.rangeOf', { from: formatNumber(from), to: formatNumber(to), total: formatNumber(total) });
  return (
    <nav aria-label={label} className="kc-pager">
      <Flex alignItems={{ default: 'alignItemsCenter' }} justifyContent={{ default: 'justifyContentFlexEnd' }}>
        <FlexItem><span aria-live="polite">{range}</span></FlexItem>
        <FlexItem>
          <Button variant="secondary" size="sm" isDisabled={first === 0} onClick={() => onChange(Math.max(0, first - max))}>
            {t('pager.previous')}
          </Button>
        </FlexItem>
        <FlexItem>
          <Button variant="secondary" size="sm" isDisabled={!hasNext} onClick={() => onChange(first + max)}>
            {t('pager.next')}
          </Button>
        </FlexItem>
      </Flex>
    </nav>
  );
}
