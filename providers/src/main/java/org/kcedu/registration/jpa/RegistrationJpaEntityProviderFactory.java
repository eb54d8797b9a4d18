package org.kcedu.registration.jpa;

import java.util.List;

import org.kcedu.core.RealmRows;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Registers the self-registration rule table. The id names Keycloak's Liquibase history table for these changesets
 * ({@code DATABASECHANGELOG_KC_EDU_REG}-ish): it must never change.
 */
public class RegistrationJpaEntityProviderFactory implements JpaEntityProviderFactory {

    public static final String ID = "kc-edu-registration";

    private static final JpaEntityProvider PROVIDER = new JpaEntityProvider() {
        @Override
        public List<Class<?>> getEntities() {
            return List.of(EduSelfRegistrationRuleEntity.class);
        }

        @Override
        public String getChangelogLocation() {
            return "META-INF/kc-edu/registration/changelog-master.xml";
        }

        @Override
        public String getFactoryId() {
            return ID;
        }

        @Override
        public void close() {
        }
    };

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return PROVIDER;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        RealmRows.deleteWithRealm(factory, "EDU_SELF_REG_RULE");
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
