package org.kcedu.directory;

import jakarta.persistence.EntityManager;

/**
 * Maintains EDU_DOMAIN_CLOSURE with a fixed number of set-based statements per operation, whatever the subtree size:
 * no per-node loops and no subtree loaded into memory. Runs in the caller's transaction.
 */
final class DomainHierarchy {

    /** Subtree of :node (incl. itself) — reused as a sub-select. */
    private static final String SUBTREE = "SELECT DESCENDANT_ID FROM EDU_DOMAIN_CLOSURE WHERE ANCESTOR_ID = ?1";

    private final EntityManager em;

    DomainHierarchy(EntityManager em) {
        this.em = em;
    }

    /** A new leaf: its self row plus one row per ancestor of the parent. */
    void insert(String id, String parentId) {
        em.createNativeQuery("INSERT INTO EDU_DOMAIN_CLOSURE (ANCESTOR_ID, DESCENDANT_ID, DEPTH) VALUES (?1, ?1, 0)")
                .setParameter(1, id).executeUpdate();
        if (parentId != null) {
            em.createNativeQuery("INSERT INTO EDU_DOMAIN_CLOSURE (ANCESTOR_ID, DESCENDANT_ID, DEPTH)"
                            + " SELECT ANCESTOR_ID, ?1, DEPTH + 1 FROM EDU_DOMAIN_CLOSURE WHERE DESCENDANT_ID = ?2")
                    .setParameter(1, id).setParameter(2, parentId).executeUpdate();
        }
    }

    /** True when {@code candidate} is {@code root} or below it (moving root there would make a cycle). */
    boolean isInSubtree(String root, String candidate) {
        return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM EDU_DOMAIN_CLOSURE WHERE ANCESTOR_ID = ?1 AND DESCENDANT_ID = ?2")
                .setParameter(1, root).setParameter(2, candidate).getSingleResult()).longValue() > 0;
    }

    long subtreeSize(String id) {
        return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM EDU_DOMAIN_CLOSURE WHERE ANCESTOR_ID = ?1")
                .setParameter(1, id).getSingleResult()).longValue();
    }

    /**
     * Moves the subtree of {@code id} under {@code newParentId} (null = root): cut the links between the subtree and
     * its old proper ancestors, then connect every new ancestor to every subtree node (cross product, one statement).
     * Both statements read the table they write, which PostgreSQL, H2 and MariaDB (10.3+) allow.
     */
    void move(String id, String newParentId) {
        em.createNativeQuery("DELETE FROM EDU_DOMAIN_CLOSURE WHERE DESCENDANT_ID IN (" + SUBTREE + ")"
                        + " AND ANCESTOR_ID IN (SELECT ANCESTOR_ID FROM EDU_DOMAIN_CLOSURE WHERE DESCENDANT_ID = ?1 AND DEPTH > 0)")
                .setParameter(1, id).executeUpdate();
        if (newParentId != null) {
            em.createNativeQuery("INSERT INTO EDU_DOMAIN_CLOSURE (ANCESTOR_ID, DESCENDANT_ID, DEPTH)"
                            + " SELECT p.ANCESTOR_ID, s.DESCENDANT_ID, p.DEPTH + s.DEPTH + 1"
                            + " FROM EDU_DOMAIN_CLOSURE p, EDU_DOMAIN_CLOSURE s WHERE p.DESCENDANT_ID = ?2 AND s.ANCESTOR_ID = ?1")
                    .setParameter(1, id).setParameter(2, newParentId).executeUpdate();
        }
    }

    /**
     * Deactivates every active domain strictly below {@code id} in one statement (version bumped, so a client holding
     * an older version gets its 409); returns how many.
     */
    int deactivateBelow(String id, long now) {
        return em.createNativeQuery("UPDATE EDU_DOMAIN SET ACTIVE = ?2, UPDATED_AT = ?3, VERSION = VERSION + 1"
                        + " WHERE ACTIVE = ?4 AND ID IN (SELECT DESCENDANT_ID FROM EDU_DOMAIN_CLOSURE WHERE ANCESTOR_ID = ?1"
                        + " AND DEPTH > 0)")
                .setParameter(1, id).setParameter(2, false).setParameter(3, now).setParameter(4, true).executeUpdate();
    }

    /** Deletes the subtree with its assignments, groups (members, group assignments), domains and closure rows. */
    void deleteSubtree(String id) {
        String groups = "SELECT ID FROM EDU_GROUP WHERE DOMAIN_ID IN (" + SUBTREE + ")";
        exec("DELETE FROM EDU_ROLE_ASSIGNMENT WHERE DOMAIN_ID IN (" + SUBTREE + ")", id);
        exec("DELETE FROM EDU_ROLE_ASSIGNMENT WHERE GROUP_ID IN (" + groups + ")", id);
        exec("DELETE FROM EDU_GROUP_MEMBER WHERE GROUP_ID IN (" + groups + ")", id);
        exec("DELETE FROM EDU_GROUP WHERE DOMAIN_ID IN (" + SUBTREE + ")", id);
        exec("DELETE FROM EDU_DOMAIN WHERE ID IN (" + SUBTREE + ")", id);
        // Every row whose descendant is in the subtree (links to outer ancestors included).
        exec("DELETE FROM EDU_DOMAIN_CLOSURE WHERE DESCENDANT_ID IN (" + SUBTREE + ")", id);
    }

    private void exec(String sql, String id) {
        em.createNativeQuery(sql).setParameter(1, id).executeUpdate();
    }
}
