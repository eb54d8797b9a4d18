package org.kcedu.directory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.kcedu.core.Caller;
import org.kcedu.audit.AuditTrail;
import org.kcedu.authz.Authorization;
import org.kcedu.authz.Target;
import org.kcedu.directory.model.AssignmentRep;
import org.kcedu.directory.model.UserRep;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Adding a role to an existing account by e-mail (what the admin of the district a teacher moves to needs, as in the
 * older ART system): {@code POST /users} naming the e-mail of an account the caller cannot see gives THAT account the
 * request's in-scope assignments, and nothing else: its names, username and enabled flag stay, no second account is
 * made. The account then becomes visible to the caller with {@code hasRolesOutside} true, so every e-mail rule
 * applies to it.
 * <p>
 * No existence oracle: every check that could fail (the caller may create users, may grant each assignment, the
 * request is valid) runs before the e-mail is looked up, and the answer is built from the REQUEST, exactly as for a
 * new account (201, the request's own names and e-mail, the granted assignments), with only the id differing, as it
 * does between any two new accounts. So a POST /users tells the caller nothing about whether the address existed; to
 * learn more they must make the account theirs, which gives it a role in their scope and is audited
 * ({@code USER_ADOPT} and {@code ROLE_GRANT}).
 */
public final class UserAdoption {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Authorization authz;

    public UserAdoption(KeycloakSession session, RealmModel realm, Authorization authz) {
        this.session = session;
        this.realm = realm;
        this.authz = authz;
    }

    /**
     * The account with this e-mail when it exists and the caller cannot see it; null otherwise (then a new account is
     * created, or, for an account the caller sees, the usual 409).
     */
    public UserModel hiddenAccount(String email) {
        if (email == null || realm.isDuplicateEmailsAllowed()) {
            return null;
        }
        UserModel account = session.users().getUserByEmail(realm, email.trim().toLowerCase(Locale.ROOT));
        if (account == null || account.getServiceAccountClientLink() != null || authz.sees(Target.USER, account.getId())) {
            return null;
        }
        return account;
    }

    /** Grants the assignments to the account and answers as {@link DirectoryUsers#create} would have. */
    public UserRep adopt(Assignments assignments, Caller caller, UserModel account, UserRep request,
                         List<ResolvedAssignment> grants) {
        AuditTrail.record(session, caller.audit("USER_ADOPT").target("user", account.getId())
                .change("email", null, account.getEmail()).build());
        List<AssignmentRep> granted = new ArrayList<>();
        for (ResolvedAssignment a : grants) {
            granted.add(assignments.grant(caller, a.forUser(account.getId())));
        }
        UserRep out = new UserRep();
        out.id = account.getId();
        out.username = DirectoryUsers.newUsername(request);
        out.email = request.email.trim().toLowerCase(Locale.ROOT);
        out.firstName = request.firstName;
        out.lastName = request.lastName;
        out.enabled = request.enabled == null || request.enabled;
        // as a new account would answer; the adopted account keeps its own external id (nothing else changes)
        out.externalId = DirectoryUsers.externalId(request.externalId);
        out.assignments = granted;
        return out;
    }
}
