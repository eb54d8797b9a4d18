package org.kcedu.reports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.EntityManager;

import org.kcedu.reports.jpa.EduLoginDayEntity;
import org.kcedu.reports.jpa.EduLoginInboxEntity;
import org.kcedu.reports.jpa.EduLoginUserEntity;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/** The login-record tables: inbox writes on the login path, batch aggregation, retention and user removal. */
public final class LoginStore {

    /** IN lists are cut into chunks of this size (well below every database's parameter limit). */
    private static final int CHUNK = 500;

    private final EntityManager em;

    public LoginStore(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** One small insert in the caller's (the login's) transaction. */
    public void record(String realmId, String userId, String clientId, long at) {
        em.persist(new EduLoginInboxEntity(realmId, userId, clientId, at));
    }

    public List<EduLoginInboxEntity> oldestInbox(int max) {
        return em.createQuery("select i from EduLoginInboxEntity i order by i.sequence", EduLoginInboxEntity.class)
                .setMaxResults(max).getResultList();
    }

    /**
     * Adds the inbox rows to the records and deletes them, in the caller's transaction: they are counted exactly when
     * they are gone, so a crash at any point counts each login once (before: not yet; after: done).
     */
    public void aggregate(List<EduLoginInboxEntity> rows) {
        if (rows.isEmpty()) {
            return;
        }
        LoginBatch batch = LoginBatch.of(rows.stream()
                .map(r -> new LoginBatch.Login(r.getRealmId(), r.getUserId(), r.getClientId(), r.getLoginAt())).toList());
        List<String> users = new ArrayList<>(batch.userIds());
        Map<LoginBatch.UserClient, EduLoginUserEntity> stored = new HashMap<>();
        Set<LoginBatch.Day> storedDays = new HashSet<>();
        Set<Integer> dayNumbers = new HashSet<>();
        batch.days().forEach(d -> dayNumbers.add(d.day()));
        for (List<String> chunk : chunks(users)) {
            em.createQuery("select u from EduLoginUserEntity u where u.userId in :users", EduLoginUserEntity.class)
                    .setParameter("users", chunk).getResultList()
                    .forEach(u -> stored.put(new LoginBatch.UserClient(u.getUserId(), u.getClientId()), u));
            em.createQuery("select d from EduLoginDayEntity d where d.userId in :users and d.day in :days",
                            EduLoginDayEntity.class).setParameter("users", chunk).setParameter("days", dayNumbers)
                    .getResultList()
                    .forEach(d -> storedDays.add(new LoginBatch.Day(d.getRealmId(), d.getUserId(), d.getClientId(), d.getDay())));
        }
        batch.summaries().forEach((key, s) -> {
            EduLoginUserEntity row = stored.get(key);
            if (row == null) {
                em.persist(new EduLoginUserEntity(s.realmId(), key.userId(), key.clientId(), s.firstAt(), s.lastAt(), s.logins()));
            } else {
                LoginBatch.Summary m = s.mergedInto(row.getFirstAt(), row.getLastAt(), row.getLogins());
                row.setFirstAt(m.firstAt());
                row.setLastAt(m.lastAt());
                row.setLogins(m.logins());
            }
        });
        for (LoginBatch.Day d : batch.days()) {
            if (!storedDays.contains(d)) {
                em.persist(new EduLoginDayEntity(d.realmId(), d.userId(), d.clientId(), d.day()));
            }
        }
        List<Long> seqs = rows.stream().map(EduLoginInboxEntity::getSequence).toList();
        for (List<Long> chunk : chunks(seqs)) {
            em.createQuery("delete from EduLoginInboxEntity i where i.sequence in :seqs").setParameter("seqs", chunk)
                    .executeUpdate();
        }
        em.flush();
        em.clear();
    }

    /** Drops records older than the retention: day rows before the cut, and users whose last login is before it. */
    public int purgeBefore(long cutoffMillis) {
        int days = em.createQuery("delete from EduLoginDayEntity d where d.day < :day")
                .setParameter("day", LoginBatch.day(cutoffMillis)).executeUpdate();
        int users = em.createQuery("delete from EduLoginUserEntity u where u.lastAt < :cut")
                .setParameter("cut", cutoffMillis).executeUpdate();
        return days + users;
    }

    /** A deleted user's login records go with them. */
    public void forgetUser(String userId) {
        for (String entity : List.of("EduLoginInboxEntity", "EduLoginUserEntity", "EduLoginDayEntity")) {
            em.createQuery("delete from " + entity + " x where x.userId = :u").setParameter("u", userId).executeUpdate();
        }
    }

    public long inboxSize() {
        return em.createQuery("select count(i) from EduLoginInboxEntity i", Long.class).getSingleResult();
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return out;
    }
}
