package org.kcedu.directory;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * One realm's directory for one Keycloak session: wires the aggregates to one shared {@link DirectoryStore}, so the
 * realm's domain types are read once and a bulk row's tag reaches whichever aggregate writes. Only wiring; callers
 * pick the aggregate they need. No aggregate authorizes: callers ask {@link org.kcedu.authz.Authorization} first
 * and pass the caller's {@link org.kcedu.authz.Scope} to lists.
 */
public final class Directory {

    private final DirectoryStore store;
    private final DomainTypes domainTypes;
    private final Domains domains;
    private final Subjects subjects;
    private final Roles roles;
    private final Assignments assignments;
    private final Groups groups;
    private final DirectoryUsers users;

    public Directory(KeycloakSession session, RealmModel realm) {
        store = new DirectoryStore(session, realm);
        domainTypes = new DomainTypes(store);
        domains = new Domains(store, domainTypes);
        subjects = new Subjects(store);
        roles = new Roles(store, domainTypes, subjects);
        assignments = new Assignments(store, domainTypes, domains, roles, subjects);
        groups = new Groups(store, domainTypes, domains);
        users = new DirectoryUsers(store, domains, assignments);
    }

    /** The directory of the session's current realm. */
    public static Directory of(KeycloakSession session) {
        return new Directory(session, session.getContext().getRealm());
    }

    public RealmModel realm() {
        return store.realm;
    }

    /**
     * Marks the following mutations as the write of one bulk import row: their audit events carry the job id and the
     * row's line (the caller's entry point is BULK). The bulk engine calls this before each row it applies.
     */
    public Directory bulkRow(String jobId, long line) {
        store.bulkRow(jobId, line);
        return this;
    }

    public DomainTypes domainTypes() {
        return domainTypes;
    }

    public Domains domains() {
        return domains;
    }

    public Subjects subjects() {
        return subjects;
    }

    public Roles roles() {
        return roles;
    }

    public Assignments assignments() {
        return assignments;
    }

    public Groups groups() {
        return groups;
    }

    public DirectoryUsers users() {
        return users;
    }
}
