package org.kcedu.directory;

import org.jboss.logging.Logger;
import org.hibernate.Session;
import org.kcedu.authz.RealmRoleAccessPolicy;
import org.kcedu.directory.jpa.UserSearchSync;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

/**
 * Keeps the directory consistent with Keycloak: user and realm deletions remove kc-edu rows, new realms get the
 * kc-edu realm roles, and a cluster-aware task purges expired assignments in realms that ask for it.
 */
public final class DirectoryLifecycle {

    private static final Logger LOG = Logger.getLogger(DirectoryLifecycle.class);
    static final String PURGE_TASK = "kc-edu-expired-assignments";
    static final long PURGE_INTERVAL_MS = 60 * 60 * 1000L;

    private DirectoryLifecycle() {
    }

    public static void register(KeycloakSessionFactory factory) {
        factory.register(event -> onEvent(factory, event));
        try {
            registerUserSearchSync(factory);
        } catch (RuntimeException e) {
            // retried at PostMigrationEvent
            LOG.debugf(e, "kc-edu: user search listener not registered yet");
        }
    }

    private static void registerUserSearchSync(KeycloakSessionFactory factory) {
        if (!UserSearchSync.registered()) {
            KeycloakModelUtils.runJobInTransaction(factory, s -> UserSearchSync.register(
                    s.getProvider(JpaConnectionProvider.class).getEntityManager().getEntityManagerFactory()));
        }
    }

    /**
     * The folded names of users written before the listener was in place (e.g. a realm imported at start-up, or
     * users loaded with SQL): an anti-join on the primary keys, nothing to write in the usual case.
     */
    private static void fillMissingUserSearch(KeycloakSessionFactory factory) {
        try {
            registerUserSearchSync(factory);
            KeycloakModelUtils.runJobInTransaction(factory, s -> s.getProvider(JpaConnectionProvider.class).getEntityManager()
                    .unwrap(Session.class).doWork(c -> {
                        int n = UserSearchSync.fillMissing(c);
                        if (n > 0) {
                            LOG.infof("kc-edu: folded names written for %d users", n);
                        }
                    }));
        } catch (RuntimeException e) {
            LOG.errorf(e, "kc-edu: the accent-insensitive user search is not kept current; searches may miss users");
        }
    }

    private static void onEvent(KeycloakSessionFactory factory, ProviderEvent event) {
        if (event instanceof UserModel.UserRemovedEvent e) {
            deleteUserData(e.getKeycloakSession(), e.getRealm(), e.getUser().getId());
        } else if (event instanceof RealmModel.RealmRemovedEvent e) {
            deleteRealmData(e.getKeycloakSession(), e.getRealm());
        } else if (event instanceof RealmModel.RealmPostCreateEvent e) {
            addRealmRoles(e.getCreatedRealm());
        } else if (event instanceof PostMigrationEvent) {
            fillMissingUserSearch(factory);
            schedulePurge(factory);
        }
    }

    /** A Keycloak user was deleted: drop their assignments and memberships (no audit: the user deletion is the event). */
    static void deleteUserData(KeycloakSession session, RealmModel realm, String userId) {
        DirectoryStore store = new DirectoryStore(session, realm);
        store.exec("DELETE FROM EDU_ROLE_ASSIGNMENT WHERE USER_ID = ?1", userId);
        store.exec("DELETE FROM EDU_GROUP_MEMBER WHERE USER_ID = ?1", userId);
        store.exec("DELETE FROM EDU_USER_SEARCH WHERE USER_ID = ?1", userId);
    }

    /** A realm was deleted: drop every kc-edu directory row of it. */
    static void deleteRealmData(KeycloakSession session, RealmModel realm) {
        DirectoryStore store = new DirectoryStore(session, realm);
        String r = realm.getId();
        store.exec("DELETE FROM EDU_ROLE_ASSIGNMENT WHERE REALM_ID = ?1", r);
        store.exec("DELETE FROM EDU_USER_SEARCH WHERE REALM_ID = ?1", r);
        store.exec("DELETE FROM EDU_GROUP_MEMBER WHERE GROUP_ID IN (SELECT ID FROM EDU_GROUP WHERE REALM_ID = ?1)", r);
        store.exec("DELETE FROM EDU_GROUP WHERE REALM_ID = ?1", r);
        store.exec("DELETE FROM EDU_DOMAIN_CLOSURE WHERE DESCENDANT_ID IN (SELECT ID FROM EDU_DOMAIN WHERE REALM_ID = ?1)", r);
        store.exec("DELETE FROM EDU_DOMAIN WHERE REALM_ID = ?1", r);
        store.exec("DELETE FROM EDU_ROLE_APP_ROLE WHERE ROLE_ID IN (SELECT ID FROM EDU_ROLE WHERE REALM_ID = ?1)", r);
        store.exec("DELETE FROM EDU_ROLE_GRANTABLE WHERE ADMIN_ROLE_ID IN (SELECT ID FROM EDU_ROLE WHERE REALM_ID = ?1)", r);
        store.exec("DELETE FROM EDU_ROLE_DOMAIN_TYPE WHERE ROLE_ID IN (SELECT ID FROM EDU_ROLE WHERE REALM_ID = ?1)", r);
        store.exec("DELETE FROM EDU_ROLE_SUBJECT WHERE ROLE_ID IN (SELECT ID FROM EDU_ROLE WHERE REALM_ID = ?1)", r);
        store.exec("DELETE FROM EDU_ROLE WHERE REALM_ID = ?1", r);
        store.exec("DELETE FROM EDU_SUBJECT WHERE REALM_ID = ?1", r);
        store.exec("DELETE FROM EDU_DOMAIN_TYPE_PARENT WHERE TYPE_ID IN (SELECT ID FROM EDU_DOMAIN_TYPE WHERE REALM_ID = ?1)", r);
        store.exec("DELETE FROM EDU_DOMAIN_TYPE WHERE REALM_ID = ?1", r);
    }

    static void addRealmRoles(RealmModel realm) {
        if (realm.getRole(RealmRoleAccessPolicy.ADMIN) == null) {
            realm.addRole(RealmRoleAccessPolicy.ADMIN).setDescription("kc-edu: unrestricted directory administrator for this realm");
        }
        if (realm.getRole(RealmRoleAccessPolicy.VIEWER) == null) {
            realm.addRole(RealmRoleAccessPolicy.VIEWER).setDescription("kc-edu: read-only access to the whole directory of this realm");
        }
    }

    private static void schedulePurge(KeycloakSessionFactory factory) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, s -> {
                TimerProvider timer = s.getProvider(TimerProvider.class);
                timer.schedule(new ClusterAwareScheduledTaskRunner(factory, DirectoryLifecycle::purgeAllRealms,
                        PURGE_INTERVAL_MS), PURGE_INTERVAL_MS, PURGE_TASK);
            });
        } catch (RuntimeException e) {
            LOG.warnf(e, "kc-edu: could not schedule %s; expired assignments still grant nothing", PURGE_TASK);
        }
    }

    static void purgeAllRealms(KeycloakSession session) {
        long now = System.currentTimeMillis();
        session.realms().getRealmsStream().forEach(realm -> {
            int n = new Directory(session, realm).assignments().purgeExpired(now);
            if (n > 0) {
                LOG.infof("kc-edu: purged %d expired role assignments in realm %s", n, realm.getName());
            }
        });
    }
}
