package org.kcedu.audit.outbox;

import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

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

    private static final String COLUMNS = "(EVENT_ID, REALM_ID, CREATED_AT, ACTION, TARGET_TYPE, TARGET_ID,"
            + " ACTOR_USER_ID, ACTOR_USERNAME, PAYLOAD, DELIVERED, ATTEMPTS, NODE)";
    /** Rows per INSERT statement: well below every supported database's bind-parameter limit. */
    static final int ROWS_PER_STATEMENT = 200;

    /**
     * Inserts the events in the session's transaction, in list order (which becomes their sequence order), with one
     * multi-row INSERT per {@value #ROWS_PER_STATEMENT} events. The identity column would make JPA insert each
     * entity on its own round trip at persist time, which a bulk import of 100,000 rows pays 100,000 times.
     */
    public static void insertAll(KeycloakSession session, List<AuditEvent> events, String node) {
        EntityManager em = em(session);
        String table = table(em);
        for (int from = 0; from < events.size(); from += ROWS_PER_STATEMENT) {
            List<AuditEvent> chunk = events.subList(from, Math.min(events.size(), from + ROWS_PER_STATEMENT));
            StringBuilder sql = new StringBuilder("insert into ").append(table).append(' ').append(COLUMNS).append(" values ");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            }
            Query q = em.createNativeQuery(sql.toString());
            int p = 1;
            for (AuditEvent e : chunk) {
                q.setParameter(p++, e.id());
                q.setParameter(p++, e.realmId());
                q.setParameter(p++, e.timestamp().toEpochMilli());
                q.setParameter(p++, cut(e.action(), 64));
                q.setParameter(p++, cut(e.targetType(), 32));
                q.setParameter(p++, cut(e.targetId(), 255));
                q.setParameter(p++, cut(e.actorUserId(), 36));
                q.setParameter(p++, cut(e.actorUsername(), 255));
                q.setParameter(p++, AuditEventJson.toJson(e));
                q.setParameter(p++, false);
                q.setParameter(p++, 0);
                q.setParameter(p++, cut(node, 255));
            }
            q.executeUpdate();
        }
    }

    /** The outbox table, qualified like Keycloak's own tables when the server runs with {@code --db-schema}. */
    private static String table(EntityManager em) {
        Object schema = em.getEntityManagerFactory().getProperties().get("hibernate.default_schema");
        return schema == null || schema.toString().isBlank() ? "EDU_AUDIT_OUTBOX" : schema + ".EDU_AUDIT_OUTBOX";
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

    static void markDelivered(KeycloakSession session, List<String> eventIds, long now) {
        em(session).createNamedQuery("edu.auditOutbox.markDelivered")
                .setParameter("now", now).setParameter("eventIds", eventIds).executeUpdate();
    }

    static void countAttempt(KeycloakSession session, List<String> eventIds) {
        em(session).createNamedQuery("edu.auditOutbox.countAttempt")
                .setParameter("eventIds", eventIds).executeUpdate();
    }

    static int purgeDelivered(KeycloakSession session, long before) {
        return em(session).createNamedQuery("edu.auditOutbox.purgeDelivered")
                .setParameter("before", before).executeUpdate();
    }

    private static String cut(String v, int max) {
        return v == null || v.length() <= max ? v : v.substring(0, max);
    }
}
