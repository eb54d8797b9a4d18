package org.kcedu.directory.jpa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SharedSessionContract;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.persister.entity.EntityPersister;
import org.kcedu.directory.NameFold;
import org.keycloak.models.jpa.entities.UserEntity;

/**
 * Keeps {@code EDU_USER_SEARCH} (folded first and last names) right on every write of a user's names. It listens to
 * Hibernate's inserts and updates of Keycloak's {@link UserEntity} rather than to kc-edu's own code paths or to
 * Keycloak events, so that the kc-edu REST API, bulk imports, self-registration, Keycloak's admin console and API,
 * the account console, identity brokering and user federation imports are all covered, with no realm setting
 * (Keycloak event listeners only run in realms that list them, and admin events carry no names). The row is written
 * on the same JDBC connection inside the same transaction: a rolled-back user change rolls it back too. Deletions
 * are handled by {@code DirectoryLifecycle} (Keycloak removes users and realms with bulk statements, which Hibernate
 * listeners do not see).
 */
public final class UserSearchSync implements PostInsertEventListener, PostUpdateEventListener {

    private static final AtomicBoolean REGISTERED = new AtomicBoolean();
    private static final int CHUNK = 1000;
    private static final String INSERT = "INSERT INTO EDU_USER_SEARCH (USER_ID, REALM_ID, FIRST_FOLDED, LAST_FOLDED)"
            + " VALUES (?, ?, ?, ?)";

    /** Appends the listener to Keycloak's persistence unit once per JVM. */
    public static void register(EntityManagerFactory emf) {
        if (!REGISTERED.compareAndSet(false, true)) {
            return;
        }
        try {
            var registry = emf.unwrap(SessionFactoryImplementor.class).getEventListenerRegistry();
            UserSearchSync listener = new UserSearchSync();
            registry.appendListeners(EventType.POST_INSERT, listener);
            registry.appendListeners(EventType.POST_UPDATE, listener);
        } catch (RuntimeException e) {
            REGISTERED.set(false);
            throw e;
        }
    }

    public static boolean registered() {
        return REGISTERED.get();
    }

    @Override
    public void onPostInsert(PostInsertEvent event) {
        // a new user has no row yet: insert straight away instead of trying an update first (one statement per
        // created user, which bulk imports of 100,000 users feel)
        if (event.getEntity() instanceof UserEntity u) {
            event.getSession().doWork(c -> insert(c, u.getId(), u.getRealmId(), u.getFirstName(), u.getLastName()));
        }
    }

    @Override
    public void onPostUpdate(PostUpdateEvent event) {
        if (event.getEntity() instanceof UserEntity u && namesChanged(event)) {
            write(event.getSession(), u);
        }
    }

    private static boolean namesChanged(PostUpdateEvent event) {
        int[] dirty = event.getDirtyProperties();
        if (dirty == null) {
            return true;
        }
        String[] names = event.getPersister().getPropertyNames();
        for (int i : dirty) {
            if ("firstName".equals(names[i]) || "lastName".equals(names[i]) || "realmId".equals(names[i])) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean requiresPostCommitHandling(EntityPersister persister) {
        return false;
    }

    private static void write(SharedSessionContract session, UserEntity u) {
        session.doWork(c -> upsert(c, u.getId(), u.getRealmId(), u.getFirstName(), u.getLastName()));
    }

    static void upsert(Connection c, String userId, String realmId, String first, String last) throws SQLException {
        try (PreparedStatement up = c.prepareStatement(
                "UPDATE EDU_USER_SEARCH SET REALM_ID = ?, FIRST_FOLDED = ?, LAST_FOLDED = ? WHERE USER_ID = ?")) {
            up.setString(1, realmId);
            up.setString(2, NameFold.fold(first));
            up.setString(3, NameFold.fold(last));
            up.setString(4, userId);
            if (up.executeUpdate() > 0) {
                return;
            }
        }
        insert(c, userId, realmId, first, last);
    }

    private static void insert(Connection c, String userId, String realmId, String first, String last) throws SQLException {
        try (PreparedStatement in = c.prepareStatement(INSERT)) {
            in.setString(1, userId);
            in.setString(2, realmId);
            in.setString(3, NameFold.fold(first));
            in.setString(4, NameFold.fold(last));
            in.executeUpdate();
        }
    }

    /**
     * Writes the rows of every user that has none (the backfill of existing users, and users written while the
     * listener was not registered yet, e.g. a realm imported at start). Returns how many. Chunks of a thousand users;
     * each chunk is one batch.
     */
    public static int fillMissing(Connection c) throws SQLException {
        int total = 0;
        while (true) {
            List<String[]> rows = new ArrayList<>(CHUNK);
            try (PreparedStatement q = c.prepareStatement("SELECT u.ID, u.REALM_ID, u.FIRST_NAME, u.LAST_NAME FROM USER_ENTITY u"
                    + " LEFT JOIN EDU_USER_SEARCH s ON s.USER_ID = u.ID WHERE s.USER_ID IS NULL")) {
                q.setMaxRows(CHUNK);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                    }
                }
            }
            if (rows.isEmpty()) {
                return total;
            }
            try (PreparedStatement in = c.prepareStatement(INSERT)) {
                for (String[] r : rows) {
                    in.setString(1, r[0]);
                    in.setString(2, r[1]);
                    in.setString(3, NameFold.fold(r[2]));
                    in.setString(4, NameFold.fold(r[3]));
                    in.addBatch();
                }
                in.executeBatch();
            }
            total += rows.size();
            if (rows.size() < CHUNK) {
                return total;
            }
        }
    }
}
