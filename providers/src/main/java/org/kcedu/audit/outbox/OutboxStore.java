package org.kcedu.audit.outbox;

import java.sql.PreparedStatement;
import java.util.List;

import jakarta.persistence.EntityManager;

import org.hibernate.Session;
import org.kcedu.core.AuditEvent;
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
            + " ACTOR_USER_ID, ACTOR_USERNAME, PAYLOAD, DELIVERED, ATTEMPTS, NODE, ENTRY_POINT)";
    /** Rows per JDBC batch execution. */
    static final int BATCH = 500;

    /**
     * Inserts the events in the session's transaction (its connection), in list order (which becomes their sequence
     * order), as JDBC batches of {@value #BATCH}. Not JPA persists: the identity column would make JPA insert each
     * entity on its own round trip at persist time, which a bulk import of 100,000 rows pays 100,000 times. Not one
     * big native query either: Hibernate's handling of a 2,400-parameter native query was a tenth of a bulk import's
     * CPU in a profile.
     */
    public static void insertAll(KeycloakSession session, List<AuditEvent> events, String node) {
        EntityManager em = em(session);
        String sql = "insert into " + table(em) + " " + COLUMNS + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        String nodeName = cut(node, 255);
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int pending = 0;
                for (AuditEvent e : events) {
                    ps.setString(1, e.id());
                    ps.setString(2, e.realmId());
                    ps.setLong(3, e.timestamp().toEpochMilli());
                    ps.setString(4, cut(e.action(), 64));
                    ps.setString(5, cut(e.targetType(), 32));
                    ps.setString(6, cut(e.targetId(), 255));
                    ps.setString(7, cut(e.actorUserId(), 36));
                    ps.setString(8, cut(e.actorUsername(), 255));
                    ps.setString(9, AuditEventJson.toJson(e));
                    ps.setBoolean(10, false);
                    ps.setInt(11, 0);
                    ps.setString(12, nodeName);
                    ps.setString(13, e.entryPoint().name());
                    ps.addBatch();
                    if (++pending == BATCH) {
                        ps.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    ps.executeBatch();
                }
            }
        });
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
