package org.kcedu.bulk;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** SPI "kc-edu-bulk": configure with {@code --spi-kc-edu-bulk--default--...} (see {@link BulkConfig}). */
public class BulkSpi implements Spi {

    public static final String NAME = "kc-edu-bulk";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return BulkService.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return BulkServiceFactory.class;
    }
}
