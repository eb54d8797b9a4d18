package org.kcedu.audit;

import org.keycloak.provider.ProviderFactory;

public interface AuditTrailProviderFactory extends ProviderFactory<AuditTrailProvider> {
}
