package org.kcedu.core;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One audit record: who did what to which target, when, through which entry point, and with what outcome.
 * Every kc-edu mutation and every denied admin action produces exactly one; Keycloak's own events are
 * translated into the same shape. Never put secrets (passwords, tokens) into {@link #changes()}.
 */
public record AuditEvent(
        String id,
        Instant timestamp,
        String realmId,
        String realmName,
        String actorUserId,
        String actorUsername,
        String actorClientId,
        String actorIp,
        EntryPoint entryPoint,
        String action,
        String targetType,
        String targetId,
        Map<String, Change> changes,
        Outcome outcome,
        String reason,
        String bulkJobId,
        Long bulkRow,
        String correlationId) {

    public enum Outcome { SUCCESS, DENIED, FAILED }

    /** A changed field: its value before and after ({@code null} = absent). */
    public record Change(String before, String after) {
    }

    public AuditEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(entryPoint, "entryPoint");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        changes = changes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(changes));
    }

    public static Builder builder(EntryPoint entryPoint, String action) {
        return new Builder(entryPoint, action);
    }

    /** Fluent construction; id and timestamp default to a random UUID and now. */
    public static final class Builder {
        private String id = UUID.randomUUID().toString();
        private Instant timestamp = Instant.now();
        private String realmId;
        private String realmName;
        private String actorUserId;
        private String actorUsername;
        private String actorClientId;
        private String actorIp;
        private final EntryPoint entryPoint;
        private final String action;
        private String targetType;
        private String targetId;
        private final Map<String, Change> changes = new LinkedHashMap<>();
        private Outcome outcome = Outcome.SUCCESS;
        private String reason;
        private String bulkJobId;
        private Long bulkRow;
        private String correlationId;

        private Builder(EntryPoint entryPoint, String action) {
            this.entryPoint = entryPoint;
            this.action = action;
        }

        public Builder id(String v) { id = v; return this; }
        public Builder timestamp(Instant v) { timestamp = v; return this; }
        public Builder realm(String realmIdValue, String realmNameValue) { realmId = realmIdValue; realmName = realmNameValue; return this; }
        public Builder actor(String userId, String username, String clientId, String ip) {
            actorUserId = userId; actorUsername = username; actorClientId = clientId; actorIp = ip; return this;
        }
        public Builder target(String type, String targetIdValue) { targetType = type; targetId = targetIdValue; return this; }
        /** Records a change only when the value really changed. */
        public Builder change(String field, Object before, Object after) {
            String b = before == null ? null : before.toString();
            String a = after == null ? null : after.toString();
            if (!Objects.equals(b, a)) {
                changes.put(field, new Change(b, a));
            }
            return this;
        }
        public Builder denied(String why) { outcome = Outcome.DENIED; reason = why; return this; }
        public Builder failed(String why) { outcome = Outcome.FAILED; reason = why; return this; }
        public Builder reason(String v) { reason = v; return this; }
        public Builder bulk(String jobId, Long row) { bulkJobId = jobId; bulkRow = row; return this; }
        public Builder correlationId(String v) { correlationId = v; return this; }

        public AuditEvent build() {
            return new AuditEvent(id, timestamp, realmId, realmName, actorUserId, actorUsername, actorClientId,
                    actorIp, entryPoint, action, targetType, targetId, changes, outcome, reason, bulkJobId, bulkRow,
                    correlationId);
        }
    }
}
