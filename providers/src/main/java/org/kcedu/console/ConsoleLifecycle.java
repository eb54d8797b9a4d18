package org.kcedu.console;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderEvent;

/**
 * What the console needs in every realm, without manual steps: a new realm gets the console's login client
 * ({@link AdminUiClient}); a realm that asks for demo data (attribute {@value DemoData#ATTRIBUTE}) gets it when it is
 * created (its users exist by then) and again, idempotently, at every server start (a realm imported before kc-edu
 * had demo data, or whose demo rows were deleted).
 */
public final class ConsoleLifecycle {

    private static final Logger LOG = Logger.getLogger(ConsoleLifecycle.class);

    private ConsoleLifecycle() {
    }

    public static void register(KeycloakSessionFactory factory) {
        factory.register(event -> onEvent(factory, event));
    }

    private static void onEvent(KeycloakSessionFactory factory, ProviderEvent event) {
        if (event instanceof RealmModel.RealmPostCreateEvent e) {
            RealmModel realm = e.getCreatedRealm();
            if (AdminUiClient.ensure(e.getKeycloakSession(), realm)) {
                LOG.infof("kc-edu: created the admin console client %s in realm %s", org.kcedu.core.Caller.ADMIN_UI_CLIENT_ID, realm.getName());
            }
            DemoData.loadIfRequested(e.getKeycloakSession(), realm);
        } else if (event instanceof PostMigrationEvent) {
            loadDemoData(factory);
        }
    }

    private static void loadDemoData(KeycloakSessionFactory factory) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, (KeycloakSession s) -> s.realms().getRealmsStream()
                    .filter(DemoData::requested).toList()
                    .forEach(realm -> {
                        s.getContext().setRealm(realm);
                        DemoData.loadIfRequested(s, realm);
                    }));
        } catch (RuntimeException e) {
            LOG.warnf(e, "kc-edu: could not load the demo data");
        }
    }
}
