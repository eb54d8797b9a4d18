package org.kcedu.bulk;

import org.kcedu.core.Caller;
import org.kcedu.core.AuditEvent;
import org.kcedu.core.EntryPoint;

/**
 * Who submitted an import, kept with the job: jobs run on a background thread (and may resume after a restart),
 * long after the request's {@link Caller} and its session are gone.
 */
public record BulkActor(String realmId, String realmName, String userId, String username, String clientId,
                        String ipAddress) {

    public static BulkActor of(Caller caller) {
        return new BulkActor(caller.realm().getId(), caller.realm().getName(), caller.userId(), caller.username(),
                caller.clientId(), caller.ipAddress());
    }

    /** An audit event by this actor with entry point BULK. */
    public AuditEvent.Builder audit(String action, String jobId, long line) {
        return AuditEvent.builder(EntryPoint.BULK, action)
                .realm(realmId, realmName)
                .actor(userId, username, clientId, ipAddress)
                .bulk(jobId, line);
    }
}
