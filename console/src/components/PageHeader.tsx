import { Breadcrumb, BreadcrumbItem, PageSection, Text, TextContent, Title } from '@patternfly/react-core';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useTitle } from './hooks';

export interface Crumb {
  label: string;
  to?: string;
}

/** The light header band of every screen: breadcrumb, the page's one h1, a description, actions. */
export function PageHeader({ title, description, crumbs, actions }: { title: string; description?: ReactNode; crumbs?: Crumb[]; actions?: ReactNode }) {
  useTitle(title);
  return (
    <PageSection variant="light" className="kc-page-header">
      {crumbs && crumbs.length > 0 && (
        <Breadcrumb className="pf-v5-u-mb-sm">
          {crumbs.map((c, i) => (
            <BreadcrumbItem key={i} isActive={!c.to} render={c.to ? () => <Link to={c.to!}>{c.label}</Link> : undefined}>
              {c.to ? undefined : c.label}
            </BreadcrumbItem>
          ))}
        </Breadcrumb>
      )}
      <div className="kc-header-row">
        <TextContent>
          <Title headingLevel="h1">{title}</Title>
          {description && <Text>{description}</Text>}
        </TextContent>
        {actions && <div className="kc-header-actions">{actions}</div>}
      </div>
    </PageSection>
  );
}
