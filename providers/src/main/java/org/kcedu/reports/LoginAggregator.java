package org.kcedu.reports;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;
import org.kcedu.reports.jpa.EduLoginInboxEntity;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The background half of login recording, one thread per node: every interval it moves the inbox into the records in
 * batches, and once per purge interval it drops records older than the retention. Both run under Keycloak's
 * cluster-wide task lock, so with several nodes one node at a time aggregates (each inbox row is counted once: it is
 * deleted in the transaction that counts it) and nodes that find the lock taken just wait for the next round.
 */
public final class LoginAggregator {

    private static final Logger LOG = Logger.getLogger(LoginAggregator.class);
    static final String AGGREGATE_TASK = "kc-edu-reports-aggregate";
    static final String PURGE_TASK = "kc-edu-reports-purge";
    static final String SNAPSHOT_TASK = "kc-edu-reports-snapshot";

    /** {@code snapshotInterval} zero: no periodic snapshot (reports then stay live unless one is taken by hand). */
    public record Settings(Duration interval, int batchSize, int retentionDays, Duration purgeInterval,
                           Duration snapshotInterval, long snapshotMinUsers) {
    }

    private final Settings settings;
    private final ScheduledExecutorService timer;
    private volatile KeycloakSessionFactory factory;
    private long nextPurge;
    private long nextSnapshotCheck;

    public LoginAggregator(Settings settings) {
        this.settings = settings;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kc-edu-reports-aggregator");
            t.setDaemon(true);
            return t;
        });
    }

    public Settings settings() {
        return settings;
    }

    public void start(KeycloakSessionFactory factory) {
        this.factory = factory;
        long ms = settings.interval().toMillis();
        timer.scheduleWithFixedDelay(this::round, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void round() {
        try {
            while (aggregateOnce() == settings.batchSize()) {
                // a full batch: more may be waiting
            }
            long now = System.currentTimeMillis();
            if (settings.retentionDays() > 0 && now >= nextPurge) {
                nextPurge = now + settings.purgeInterval().toMillis();
                purge(now - Duration.ofDays(settings.retentionDays()).toMillis());
            }
            if (!settings.snapshotInterval().isZero() && now >= nextSnapshotCheck) {
                nextSnapshotCheck = now + Math.min(settings.snapshotInterval().toMillis(), 60_000L);
                refreshSnapshots();
            }
        } catch (RuntimeException e) {
            // the rows stay in the inbox and the next round tries again
            LOG.warnf("kc-edu reports: aggregating logins failed (%s); retrying in %s", e.toString(), settings.interval());
        }
    }

    /** One batch under the cluster lock; how many inbox rows it counted (0 when another node holds the lock). */
    int aggregateOnce() {
        int[] counted = {0};
        KeycloakModelUtils.runJobInTransaction(factory, s -> s.getProvider(ClusterProvider.class)
                .executeIfNotExecuted(AGGREGATE_TASK, 120, () -> {
                    LoginStore store = new LoginStore(s);
                    List<EduLoginInboxEntity> rows = store.oldestInbox(settings.batchSize());
                    store.aggregate(rows);
                    counted[0] = rows.size();
                    return null;
                }));
        return counted[0];
    }

    private void purge(long cutoff) {
        KeycloakModelUtils.runJobInTransaction(factory, s -> s.getProvider(ClusterProvider.class)
                .executeIfNotExecuted(PURGE_TASK, 600, () -> {
                    int purged = new LoginStore(s).purgeBefore(cutoff);
                    if (purged > 0) {
                        LOG.infof("kc-edu reports: purged %d login records older than %d days", purged,
                                settings.retentionDays());
                    }
                    return null;
                }));
    }

    /**
     * Retakes each realm's report snapshot once it is older than the snapshot interval (or was taken with another
     * active period). Under the cluster lock, and the age is read from the database inside it: with several nodes,
     * one node refreshes a realm once per interval, and a refresh never runs twice at the same time.
     */
    private void refreshSnapshots() {
        List<String> realms = new java.util.ArrayList<>();
        KeycloakModelUtils.runJobInTransaction(factory, s -> realms.addAll(s.getProvider(
                org.keycloak.connections.jpa.JpaConnectionProvider.class).getEntityManager()
                .createQuery("select distinct d.realmId from EduDomainEntity d", String.class).getResultList()));
        for (String realmId : realms) {
            KeycloakModelUtils.runJobInTransaction(factory, s -> refreshIfStale(s, realmId, settings.snapshotInterval()));
        }
    }

    /** Whether it refreshed (false: fresh enough, realm gone, or another node holds the lock). */
    static boolean refreshIfStale(org.keycloak.models.KeycloakSession s, String realmId, Duration maxAge) {
        Boolean done = s.getProvider(ClusterProvider.class).executeIfNotExecuted(SNAPSHOT_TASK, 900, () -> {
            org.keycloak.models.RealmModel realm = s.realms().getRealm(realmId);
            if (realm == null) {
                return false;
            }
            int activeDays = ReportSettings.activeDays(realm);
            long now = System.currentTimeMillis();
            ReportSnapshot snapshot = new ReportSnapshot(s);
            ReportSnapshot.Stamp stamp = snapshot.stamp(realmId);
            if (stamp != null && stamp.activeDays() == activeDays && now - stamp.asOf() < maxAge.toMillis()) {
                return false;
            }
            long t = System.nanoTime();
            int kept = snapshot.refresh(realmId, activeDays, now);
            LOG.debugf("kc-edu reports: snapshot of realm %s, %d domains, in %d ms", realm.getName(), kept,
                    (System.nanoTime() - t) / 1_000_000);
            return true;
        }).getResult();
        return Boolean.TRUE.equals(done);
    }

    /** Counts what is in the inbox now (tests and shutdown): runs rounds on the caller's thread. */
    public void drain() {
        while (aggregateOnce() > 0) {
            // until empty or another node holds the lock
        }
    }

    public void stop() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
