package org.kcedu.audit.outbox;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Registers the audit outbox table with Keycloak's JPA and Liquibase. The id names Liquibase's history table for
 * these change sets: never change it.
 */
public class AuditOutboxEntityProviderFactory implements JpaEntityProviderFactory {

    public static final String ID = "kc-edu-audit";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return new JpaEntityProvider() {
            @Override
            public List<Class<?>> getEntities() {
                return List.of(EduAuditOutboxEntity.class);
            }

            @Override
            public String getChangelogLocation() {
                return "META-INF/kc-edu-audit-changelog.xml";
            }

            @Override
            public String getFactoryId() {
                return ID;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
