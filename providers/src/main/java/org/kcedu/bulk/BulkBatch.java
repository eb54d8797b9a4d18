package org.kcedu.bulk;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.kcedu.core.Caller;
import org.kcedu.core.EntryPoint;
import org.kcedu.directory.Directory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * One batch transaction of an import job, as handlers see it when they write: the session and realm, the importing
 * actor as a {@link Caller} with entry point BULK, and the {@link Directory} through which directory kinds
 * write (so that bulk rows take the same mutation path and audit events as the REST API).
 */
public final class BulkBatch {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final BulkActor actor;
    private final String jobId;
    private final boolean setPasswordEmail;
    private Caller caller;
    private Directory directory;
    private final Map<String, Object> memo = new HashMap<>();

    public BulkBatch(KeycloakSession session, RealmModel realm, BulkActor actor, String jobId, boolean setPasswordEmail) {
        this.session = session;
        this.realm = realm;
        this.actor = actor;
        this.jobId = jobId;
        this.setPasswordEmail = setPasswordEmail;
    }

    public String jobId() {
        return jobId;
    }

    /** True when users created by this job are to get the set-password e-mail. */
    public boolean setPasswordEmail() {
        return setPasswordEmail;
    }

    public KeycloakSession session() {
        return session;
    }

    public RealmModel realm() {
        return realm;
    }

    public BulkActor actor() {
        return actor;
    }

    /** The importing admin (looked up once per batch); {@code null} when that user no longer exists. */
    public Caller caller() {
        if (caller == null) {
            UserModel user = session.users().getUserById(realm, actor.userId());
            if (user != null) {
                caller = new Caller(realm, user, actor.clientId(), actor.ipAddress(), EntryPoint.BULK);
            }
        }
        return caller;
    }

    /** A value computed once per batch (e.g. a realm setting every row's write depends on). */
    @SuppressWarnings("unchecked")
    public <T> T memo(String key, Supplier<T> compute) {
        return (T) memo.computeIfAbsent(key, k -> compute.get());
    }

    /** The directory service, its audit events tagged with this job and the given row's line. */
    public Directory directory(long line) {
        if (directory == null) {
            directory = new Directory(session, realm);
        }
        return directory.bulkRow(jobId, line);
    }
}
