package org.kcedu.bulk.job;

import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/** Reads and writes {@link EduBulkJobEntity} rows in the session's current transaction. */
public final class BulkJobStore {

    public static final String QUEUED = "QUEUED";
    public static final String RUNNING = "RUNNING";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";

    private final EntityManager em;

    public BulkJobStore(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    public void create(EduBulkJobEntity job) {
        em.persist(job);
    }

    public EduBulkJobEntity find(String id) {
        return id == null ? null : em.find(EduBulkJobEntity.class, id);
    }

    /** The job row locked for this transaction: batch progress is written under this lock. */
    public EduBulkJobEntity lock(String id) {
        return em.find(EduBulkJobEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
    }

    public List<EduBulkJobEntity> unfinished() {
        return em.createNamedQuery("edu.bulkJob.byStatus", EduBulkJobEntity.class)
                .setParameter("statuses", List.of(QUEUED, RUNNING)).getResultList();
    }
}
