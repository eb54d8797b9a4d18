package org.kcedu.rest;

import org.jboss.logging.Logger;
import org.kcedu.core.ApiAudience;
import org.kcedu.console.ConsoleLifecycle;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Mounts kc-edu's REST API at {@code /realms/{realm}/kc-edu}. The id is part of every URL: never change it. */
public class KcEduResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String ID = "kc-edu";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new KcEduRootResource(session);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        org.kcedu.directory.rest.DirectoryResources.configure(config);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // a new realm (created or imported) gets the API audience without manual steps; realms that existed before
        // this version get it at the first start
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent e) {
                ApiAudience.setUp(e.getCreatedRealm());
            } else if (event instanceof PostMigrationEvent) {
                try {
                    KeycloakModelUtils.runJobInTransaction(factory,
                            s -> s.realms().getRealmsStream().forEach(ApiAudience::setUp));
                } catch (RuntimeException e) {
                    // another node of the cluster may be doing the same right now
                    Logger.getLogger(KcEduResourceProviderFactory.class).warnf(e, "kc-edu: API audience set-up");
                }
            }
        });
        ConsoleLifecycle.register(factory);
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
