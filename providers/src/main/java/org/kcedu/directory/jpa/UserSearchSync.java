package org.kcedu.directory.jpa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
 * Keeps {@code EDU_USER_SEARCH} (lower-cased username and e-mail, folded first and last names) right on every write of
 * a user. It listens to Hibernate's inserts and updates of Keycloak's {@link UserEntity} rather than to kc-edu's own
 * code paths or to Keycloak events, so that the kc-edu REST API, bulk imports, self-registration, Keycloak's admin
 * console and API, the account console, identity brokering and user federation imports are all covered, with no realm
 * setting (Keycloak event listeners only run in realms that list them, and admin events carry no names). The row is
 * written on the same JDBC connection inside the same transaction: a rolled-back user change rolls it back too. A
 * service account has no row (Keycloak links the account to its client right after creating it: that update removes
 * the row), so the search never lists one. Deletions are handled by {@code DirectoryLifecycle} (Keycloak removes
 * users and realms with bulk statements, which Hibernate listeners do not see).
 */
public final class UserSearchSync implements PostInsertEventListener, PostUpdateEventListener {

    private static final AtomicBoolean REGISTERED = new AtomicBoolean();
    private static final int CHUNK = 1000;
    private static final Set<String> SEARCHED = Set.of("username", "email", "firstName", "lastName", "realmId",
            "serviceAccountClientLink");
    // the user id last in both statements, so that one bind() serves them
    private static final String INSERT = "INSERT INTO EDU_USER_SEARCH (REALM_ID, USERNAME, EMAIL, FIRST_FOLDED, LAST_FOLDED,"
            + " USER_ID) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String UPDATE = "UPDATE EDU_USER_SEARCH SET REALM_ID = ?, USERNAME = ?, EMAIL = ?, FIRST_FOLDED = ?,"
            + " LAST_FOLDED = ? WHERE USER_ID = ?";

    /** One user's row: the search's form of each field. */
    record Row(String userId, String realmId, String username, String email, String firstFolded, String lastFolded) {

        static Row of(String userId, String realmId, String username, String email, String first, String last) {
            return new Row(userId, realmId, lower(username), lower(email), NameFold.fold(first), NameFold.fold(last));
        }

        static Row of(UserEntity u) {
            return of(u.getId(), u.getRealmId(), u.getUsername(), u.getEmail(), u.getFirstName(), u.getLastName());
        }

        // Keycloak already stores both lower-cased; the search lower-cases its term with the same locale
        private static String lower(String s) {
            return s == null ? null : s.toLowerCase(Locale.ROOT);
        }
    }

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
        if (event.getEntity() instanceof UserEntity u && u.getServiceAccountClientLink() == null) {
            event.getSession().doWork(c -> insert(c, Row.of(u)));
        }
    }

    @Override
    public void onPostUpdate(PostUpdateEvent event) {
        if (event.getEntity() instanceof UserEntity u && searchedFieldChanged(event)) {
            write(event.getSession(), u);
        }
    }

    private static boolean searchedFieldChanged(PostUpdateEvent event) {
        int[] dirty = event.getDirtyProperties();
        if (dirty == null) {
            return true;
        }
        String[] names = event.getPersister().getPropertyNames();
        for (int i : dirty) {
            if (SEARCHED.contains(names[i])) {
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
        session.doWork(c -> {
            if (u.getServiceAccountClientLink() != null) {
                delete(c, u.getId());
            } else {
                upsert(c, Row.of(u));
            }
        });
    }

    static void upsert(Connection c, Row r) throws SQLException {
        try (PreparedStatement up = c.prepareStatement(UPDATE)) {
            bind(up, r);
            if (up.executeUpdate() > 0) {
                return;
            }
        }
        insert(c, r);
    }

    private static void delete(Connection c, String userId) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM EDU_USER_SEARCH WHERE USER_ID = ?")) {
            del.setString(1, userId);
            del.executeUpdate();
        }
    }

    private static void insert(Connection c, Row r) throws SQLException {
        try (PreparedStatement in = c.prepareStatement(INSERT)) {
            bind(in, r);
            in.executeUpdate();
        }
    }

    /** The row's values in the column order of {@link #INSERT} and {@link #UPDATE}. */
    private static void bind(PreparedStatement st, Row r) throws SQLException {
        st.setString(1, r.realmId());
        st.setString(2, r.username());
        st.setString(3, r.email());
        st.setString(4, r.firstFolded());
        st.setString(5, r.lastFolded());
        st.setString(6, r.userId());
    }

    /**
     * Writes the rows of every user (service accounts aside) that has none: the backfill of existing users, and users
     * written while the listener was not registered yet, e.g. a realm imported at start. Returns how many. Chunks of
     * a thousand users; each chunk is one batch.
     */
    public static int fillMissing(Connection c) throws SQLException {
        int total = 0;
        while (true) {
            List<Row> rows = new ArrayList<>(CHUNK);
            try (PreparedStatement q = c.prepareStatement("SELECT u.ID, u.REALM_ID, u.USERNAME, u.EMAIL, u.FIRST_NAME,"
                    + " u.LAST_NAME FROM USER_ENTITY u LEFT JOIN EDU_USER_SEARCH s ON s.USER_ID = u.ID"
                    + " WHERE s.USER_ID IS NULL AND u.SERVICE_ACCOUNT_CLIENT_LINK IS NULL")) {
                q.setMaxRows(CHUNK);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        rows.add(Row.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6)));
                    }
                }
            }
            if (rows.isEmpty()) {
                return total;
            }
            try (PreparedStatement in = c.prepareStatement(INSERT)) {
                for (Row r : rows) {
                    bind(in, r);
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
