package org.kcedu.api;

import org.kcedu.console.ConsoleLifecycle;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
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
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
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
