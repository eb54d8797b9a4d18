package org.kcedu.audit;

import org.kcedu.core.AuditEvent;
import org.keycloak.provider.Provider;

/** Receives audit events; implementations must be cheap and must not block (queue, outbox). */
public interface AuditTrailProvider extends Provider {

    void record(AuditEvent event);
}
