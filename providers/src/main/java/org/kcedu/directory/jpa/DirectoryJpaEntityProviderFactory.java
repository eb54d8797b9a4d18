package org.kcedu.directory.jpa;

import java.util.List;

import org.kcedu.directory.DirectoryLifecycle;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Registers the directory's entities and Liquibase changelog with Keycloak's persistence unit. The id names this
 * feature's Liquibase history table in every installed database: it must never change.
 */
public class DirectoryJpaEntityProviderFactory implements JpaEntityProviderFactory {

    public static final String ID = "kc-edu-directory";

    static final List<Class<?>> ENTITIES = List.of(EduDomainTypeEntity.class, EduDomainEntity.class,
            EduDomainClosureEntity.class, EduSubjectEntity.class, EduRoleEntity.class, EduRoleAssignmentEntity.class,
            EduGroupEntity.class, EduGroupMemberEntity.class, EduUserSearchEntity.class);

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return new JpaEntityProvider() {
            @Override
            public List<Class<?>> getEntities() {
                return ENTITIES;
            }

            @Override
            public String getChangelogLocation() {
                return "META-INF/kc-edu/directory-changelog-master.xml";
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
        DirectoryLifecycle.register(factory);
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
