package org.kcedu.audit.keycloak;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Event listener "kc-edu-audit": add it to a realm's event listeners (the demo realm has it) to put account changes
 * made through Keycloak's own admin console, admin API, account console and login flows into the kc-edu audit trail.
 * Admin event details must be enabled in the realm for role names and field values to be recorded.
 */
public class AuditEventListenerProviderFactory implements EventListenerProviderFactory {

    public static final String ID = "kc-edu-audit";

    private LoginFailureBursts bursts;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new AuditEventListenerProvider(session, bursts);
    }

    @Override
    public void init(Config.Scope config) {
        bursts = new LoginFailureBursts(config.getInt("login-failure-burst-threshold", 5));
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
