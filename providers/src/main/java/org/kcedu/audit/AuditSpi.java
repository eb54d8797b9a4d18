package org.kcedu.audit;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** SPI "kc-edu-audit": configure with --spi-kc-edu-audit-... options. */
public class AuditSpi implements Spi {

    public static final String NAME = "kc-edu-audit";

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
        return AuditTrailProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return AuditTrailProviderFactory.class;
    }
}
