package org.kcedu.bulk;

import org.keycloak.provider.ProviderFactory;

public interface BulkServiceFactory extends ProviderFactory<BulkService> {
}
