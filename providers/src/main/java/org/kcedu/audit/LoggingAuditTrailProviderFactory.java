package org.kcedu.audit;

import org.jboss.logging.Logger;
import org.kcedu.core.AuditEvent;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Writes audit events to the server log (category org.kcedu.audit). The syslog provider replaces it as default. */
public class LoggingAuditTrailProviderFactory implements AuditTrailProviderFactory {

    public static final String ID = "log";
    private static final Logger LOG = Logger.getLogger("org.kcedu.audit");

    @Override
    public AuditTrailProvider create(KeycloakSession session) {
        return new AuditTrailProvider() {
            @Override
            public void record(AuditEvent e) {
                LOG.infof("%s %s %s %s/%s actor=%s(%s) client=%s via=%s changes=%s reason=%s", e.id(), e.action(),
                        e.outcome(), e.targetType(), e.targetId(), e.actorUsername(), e.actorUserId(),
                        e.actorClientId(), e.entryPoint(), e.changes().keySet(), e.reason());
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
