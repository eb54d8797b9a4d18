package org.kcedu.audit.outbox;

import java.util.List;

import jakarta.persistence.EntityManager;

import org.kcedu.audit.AuditEvent;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/** Database side of the outbox; every method runs in the transaction of the session it is given. */
public final class OutboxStore {

    private OutboxStore() {
    }

    static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** Inserts the event (immediately, so its sequence is known) and returns the sequence. */
    public static long insert(KeycloakSession session, AuditEvent e, String node) {
        EduAuditOutboxEntity o = new EduAuditOutboxEntity();
        o.setEventId(e.id());
        o.setRealmId(e.realmId());
        o.setCreatedAt(e.timestamp().toEpochMilli());
        o.setAction(cut(e.action(), 64));
        o.setTargetType(cut(e.targetType(), 32));
        o.setTargetId(cut(e.targetId(), 255));
        o.setActorUserId(cut(e.actorUserId(), 36));
        o.setActorUsername(cut(e.actorUsername(), 255));
        o.setPayload(AuditEventJson.toJson(e));
        o.setNode(cut(node, 255));
        em(session).persist(o);
        return o.getSequence();
    }

    static List<EduAuditOutboxEntity> undeliveredOfNode(KeycloakSession session, String node, int max) {
        return em(session).createNamedQuery("edu.auditOutbox.undeliveredOfNode", EduAuditOutboxEntity.class)
                .setParameter("node", node).setMaxResults(max).getResultList();
    }

    static List<EduAuditOutboxEntity> undeliveredOrphans(KeycloakSession session, String node, long before, int max) {
        return em(session).createNamedQuery("edu.auditOutbox.undeliveredOrphans", EduAuditOutboxEntity.class)
                .setParameter("node", node).setParameter("before", before).setMaxResults(max).getResultList();
    }

    static long countUndelivered(KeycloakSession session) {
        return em(session).createNamedQuery("edu.auditOutbox.countUndelivered", Long.class).getSingleResult();
    }

    /** Rows this node must send that are older than {@code before}, or rows of other nodes older than {@code orphansBefore}. */
    static long countStale(KeycloakSession session, String node, long before, long orphansBefore) {
        return em(session).createNamedQuery("edu.auditOutbox.countStaleOfNode", Long.class)
                .setParameter("node", node).setParameter("before", before)
                .setParameter("orphansBefore", orphansBefore).getSingleResult();
    }

    static void markDelivered(KeycloakSession session, List<Long> sequences, long now) {
        em(session).createNamedQuery("edu.auditOutbox.markDelivered")
                .setParameter("now", now).setParameter("sequences", sequences).executeUpdate();
    }

    static void countAttempt(KeycloakSession session, List<Long> sequences) {
        em(session).createNamedQuery("edu.auditOutbox.countAttempt")
                .setParameter("sequences", sequences).executeUpdate();
    }

    static int purgeDelivered(KeycloakSession session, long before) {
        return em(session).createNamedQuery("edu.auditOutbox.purgeDelivered")
                .setParameter("before", before).executeUpdate();
    }

    private static String cut(String v, int max) {
        return v == null || v.length() <= max ? v : v.substring(0, max);
    }
}
