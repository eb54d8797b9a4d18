package org.kcedu.reports.jpa;

import java.util.List;

import org.kcedu.core.RealmRows;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Registers the login-record tables with Keycloak's JPA and Liquibase. The id names this feature's Liquibase history
 * in every installed database: never change it.
 */
public class ReportsJpaEntityProviderFactory implements JpaEntityProviderFactory {

    public static final String ID = "kc-edu-reports";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return new JpaEntityProvider() {
            @Override
            public List<Class<?>> getEntities() {
                return List.of(EduLoginInboxEntity.class, EduLoginUserEntity.class, EduLoginDayEntity.class,
                        EduReportCountEntity.class);
            }

            @Override
            public String getChangelogLocation() {
                return "META-INF/kc-edu/reports-changelog-master.xml";
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
        RealmRows.deleteWithRealm(factory, "EDU_LOGIN_INBOX", "EDU_LOGIN_USER", "EDU_LOGIN_DAY", "EDU_REPORT_COUNT");
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
