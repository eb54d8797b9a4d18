package org.kcedu.audit;

import org.jboss.logging.Logger;
import org.kcedu.core.AuditEvent;
import org.keycloak.models.KeycloakSession;

/**
 * The one door through which kc-edu code records audit events. Callers record inside the transaction of the change
 * they describe; delivery (syslog, outbox) is the audit feature's business and never blocks the caller.
 * A SUCCESS record commits or rolls back with the change. DENIED and FAILED records are kept even when the request
 * then fails (Keycloak rolls the request transaction back on every error response): record, then throw.
 */
public final class AuditTrail {

    private static final Logger LOG = Logger.getLogger("org.kcedu.audit");

    private AuditTrail() {
    }

    public static void record(KeycloakSession session, AuditEvent event) {
        AuditTrailProvider provider = session.getProvider(AuditTrailProvider.class);
        if (provider != null) {
            provider.record(event);
        } else {
            // Only reached when the audit SPI is disabled by configuration: say so rather than lose the event silently.
            LOG.warnf("audit provider disabled; event %s %s %s/%s by %s via %s: %s", event.id(), event.action(),
                    event.targetType(), event.targetId(), event.actorUsername(), event.entryPoint(), event.outcome());
        }
    }
}
