package org.kcedu.audit.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One audit event in the outbox: written in the transaction of the change it describes, marked delivered once the
 * syslog receiver took it, purged after the retention period. The sequence is the delivery order.
 * The filter columns (action, target, actor) duplicate parts of the JSON payload for the read API.
 */
@Entity
@Table(name = "EDU_AUDIT_OUTBOX")
@NamedQueries({
        @NamedQuery(name = "edu.auditOutbox.undeliveredOfNode",
                query = "select o from EduAuditOutboxEntity o where o.delivered = false and o.node = :node order by o.sequence"),
        @NamedQuery(name = "edu.auditOutbox.undeliveredOrphans",
                query = "select o from EduAuditOutboxEntity o where o.delivered = false and o.node <> :node"
                        + " and o.createdAt < :before order by o.sequence"),
        @NamedQuery(name = "edu.auditOutbox.countUndelivered",
                query = "select count(o) from EduAuditOutboxEntity o where o.delivered = false"),
        @NamedQuery(name = "edu.auditOutbox.countStaleOfNode",
                query = "select count(o) from EduAuditOutboxEntity o where o.delivered = false"
                        + " and (o.node = :node or o.createdAt < :orphansBefore) and o.createdAt < :before"),
        @NamedQuery(name = "edu.auditOutbox.markDelivered",
                query = "update EduAuditOutboxEntity o set o.delivered = true, o.deliveredAt = :now,"
                        + " o.attempts = o.attempts + 1 where o.eventId in :eventIds"),
        @NamedQuery(name = "edu.auditOutbox.countAttempt",
                query = "update EduAuditOutboxEntity o set o.attempts = o.attempts + 1 where o.eventId in :eventIds"),
        @NamedQuery(name = "edu.auditOutbox.purgeDelivered",
                query = "delete from EduAuditOutboxEntity o where o.delivered = true and o.createdAt < :before"),
})
public class EduAuditOutboxEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "SEQ")
    private Long sequence;

    @Column(name = "EVENT_ID", length = 36, nullable = false, unique = true)
    private String eventId;

    @Column(name = "REALM_ID", length = 36)
    private String realmId;

    /** Event time, epoch milliseconds UTC (like Keycloak's own event tables). */
    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "ACTION", length = 64, nullable = false)
    private String action;

    @Column(name = "TARGET_TYPE", length = 32)
    private String targetType;

    @Column(name = "TARGET_ID", length = 255)
    private String targetId;

    @Column(name = "ACTOR_USER_ID", length = 36)
    private String actorUserId;

    @Column(name = "ACTOR_USERNAME", length = 255)
    private String actorUsername;

    @Column(name = "PAYLOAD", length = 100000, nullable = false)
    private String payload;

    @Column(name = "DELIVERED", nullable = false)
    private boolean delivered;

    @Column(name = "DELIVERED_AT")
    private Long deliveredAt;

    @Column(name = "ATTEMPTS", nullable = false)
    private int attempts;

    /** Node that wrote the row and normally sends it; other nodes only take over rows that stay undelivered long. */
    @Column(name = "NODE", length = 255, nullable = false)
    private String node;

    @Column(name = "ENTRY_POINT", length = 32)
    private String entryPoint;

    public Long getSequence() { return sequence; }
    public String getEntryPoint() { return entryPoint; }
    public String getEventId() { return eventId; }
    public void setEventId(String v) { eventId = v; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String v) { realmId = v; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long v) { createdAt = v; }
    public String getAction() { return action; }
    public void setAction(String v) { action = v; }
    public String getTargetType() { return targetType; }
    public void setTargetType(String v) { targetType = v; }
    public String getTargetId() { return targetId; }
    public void setTargetId(String v) { targetId = v; }
    public String getActorUserId() { return actorUserId; }
    public void setActorUserId(String v) { actorUserId = v; }
    public String getActorUsername() { return actorUsername; }
    public void setActorUsername(String v) { actorUsername = v; }
    public String getPayload() { return payload; }
    public void setPayload(String v) { payload = v; }
    public boolean isDelivered() { return delivered; }
    public void setDelivered(boolean v) { delivered = v; }
    public Long getDeliveredAt() { return deliveredAt; }
    public int getAttempts() { return attempts; }
    public String getNode() { return node; }
    public void setNode(String v) { node = v; }
}
