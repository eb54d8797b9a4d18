package org.kcedu.bulk.users;

import static org.kcedu.bulk.BulkCells.change;
import static org.kcedu.bulk.BulkCells.emptyToNull;
import static org.kcedu.bulk.BulkCells.keyAndNewKey;
import static org.kcedu.bulk.BulkCells.lower;
import static org.kcedu.bulk.BulkCells.parseBoolean;
import static org.kcedu.bulk.BulkCells.str;
import static org.kcedu.bulk.csv.HeaderSchema.Column.importOnly;
import static org.kcedu.bulk.csv.HeaderSchema.Column.optional;
import static org.kcedu.bulk.csv.HeaderSchema.Column.required;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import org.kcedu.core.Caller;
import org.kcedu.core.AuditEvent;
import org.kcedu.authz.AccessPolicy;
import org.kcedu.authz.Decision;
import org.kcedu.directory.EmailChangeRule;
import org.kcedu.authz.Scope;
import org.kcedu.bulk.BulkBatch;
import org.kcedu.bulk.KindHandler;
import org.kcedu.bulk.RowPlan;
import org.kcedu.bulk.csv.BulkRowWriter;
import org.kcedu.bulk.csv.CsvRow;
import org.kcedu.bulk.csv.HeaderSchema;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.utils.EmailValidationUtil;

/**
 * Bulk file kind {@code users}: Keycloak's own user accounts of the realm (local database users; users of a user
 * federation provider are not covered). Key: {@code username}. Columns:
 * <ul>
 * <li>{@code username} (stored lowercased like Keycloak does; required, except in a realm that uses the e-mail as
 * username, where a row without it is keyed by its {@code email})</li>
 * <li>{@code external_id}: the user's id in the state's systems, unique per realm (user attribute
 * {@code kcedu.externalId}); empty cell = clear</li>
 * <li>{@code email}, {@code first_name}, {@code last_name}, {@code enabled} (true/false): absent column = leave
 * unchanged, empty cell = clear (an empty {@code enabled} is rejected: it cannot be cleared)</li>
 * <li>{@code new_username}, {@code new_email}: primary-key updates. With {@code new_email}, a non-empty
 * {@code email} cell must be the user's current e-mail (or already the new one, so a re-run is a no-op).</li>
 * <li>{@code action}: empty = upsert, {@code DELETE} = delete (deleting an absent user is "unchanged").</li>
 * </ul>
 * Users created here get no password (and no credential row); on request the import marks them for the set-password
 * e-mail ({@link SetPasswordEmails}); passwords are never exported. Service accounts are
 * neither exported nor changed.
 * <p>
 * Reads go straight to the user table with two set-based queries per batch (by username, by e-mail); writes go
 * through Keycloak's {@link UserModel} so that caches, default roles and user-removal clean-up stay Keycloak's.
 */
public class UsersHandler extends KindHandler {

    public static final String KIND = "users";
    static final String USERNAME = "username";
    static final String EMAIL = "email";
    static final String FIRST_NAME = "first_name";
    static final String LAST_NAME = "last_name";
    static final String ENABLED = "enabled";
    static final String NEW_USERNAME = "new_username";
    static final String NEW_EMAIL = "new_email";
    static final String EXTERNAL_ID = "external_id";
    static final String EXTERNAL_ID_ATTRIBUTE = org.kcedu.directory.DirectoryUsers.EXTERNAL_ID;

    private static final HeaderSchema SCHEMA = HeaderSchema.of(optional(USERNAME), optional(EMAIL), optional(FIRST_NAME),
            optional(LAST_NAME), optional(ENABLED), optional(EXTERNAL_ID), importOnly(NEW_USERNAME), importOnly(NEW_EMAIL));

    private static final int EXPORT_PAGE = 1000;
    private static final int MAX_NAME = 255;

    /** Current state of one user as read from the database. */
    record Current(String id, String username, String email, String firstName, String lastName, boolean enabled,
                   boolean serviceAccount, String externalId) {

        Current withExternalId(String value) {
            return new Current(id, username, email, firstName, lastName, enabled, serviceAccount, value);
        }
    }

    /** Target state of an upsert (fields {@code null} = leave unchanged, except where noted). */
    record Target(String username, String email, boolean setEmail, String firstName, boolean setFirstName,
                  String lastName, boolean setLastName, Boolean enabled, String externalId, boolean setExternalId,
                  String emailRefusal) {

        /** The same target with the reason an {@link EmailChangeRule} refuses its new e-mail. */
        Target refusingEmail(String reason) {
            return new Target(username, email, setEmail, firstName, setFirstName, lastName, setLastName, enabled,
                    externalId, setExternalId, reason);
        }
    }

    /** The row's username: its {@code username} cell, else (e-mail-as-username realms) its e-mail; lowercased. */
    static String username(CsvRow row) {
        String u = row.nonEmpty(USERNAME);
        return lower(u != null ? u : row.nonEmpty(EMAIL));
    }

    public UsersHandler() {
        super(KIND, SCHEMA);
    }

    @Override
    public List<String> claimedKeys(CsvRow row) {
        List<String> keys = new ArrayList<>(keyAndNewKey("username", username(row),
                lower(row.nonEmpty(NEW_USERNAME))));
        if (row.action() == CsvRow.Action.UPSERT && row.nonEmpty(EXTERNAL_ID) != null) {
            keys.add("external_id:" + row.nonEmpty(EXTERNAL_ID).trim());
        }
        if (row.action() == CsvRow.Action.UPSERT) {
            String email = lower(row.nonEmpty(NEW_EMAIL));
            if (email == null) {
                email = lower(row.nonEmpty(EMAIL));
            }
            if (email != null) {
                keys.add("email:" + email);
            }
        }
        return keys;
    }

    @Override
    public String validate(CsvRow row) {
        String username = row.nonEmpty(USERNAME);
        if (username == null && row.nonEmpty(EMAIL) == null) {
            return "username is required (or email, where the realm uses the e-mail as username)";
        }
        if (username == null) {
            username = row.nonEmpty(EMAIL);
        }
        String externalId = row.nonEmpty(EXTERNAL_ID);
        if (externalId != null && externalId.trim().length() > MAX_NAME) {
            return "external_id is longer than " + MAX_NAME + " characters";
        }
        if (username.length() > MAX_NAME) {
            return "username is longer than " + MAX_NAME + " characters";
        }
        String newUsername = row.nonEmpty(NEW_USERNAME);
        if (newUsername != null && newUsername.length() > MAX_NAME) {
            return "new_username is longer than " + MAX_NAME + " characters";
        }
        if (row.action() == CsvRow.Action.DELETE) {
            // a rename on a DELETE row would be ignored: say so instead
            for (String col : List.of(NEW_USERNAME, NEW_EMAIL)) {
                if (row.nonEmpty(col) != null) {
                    return col + " cannot be applied to a DELETE row; leave it empty";
                }
            }
            return null;
        }
        for (String col : List.of(EMAIL, NEW_EMAIL)) {
            String e = row.nonEmpty(col);
            if (e != null && !EmailValidationUtil.isValidEmail(e, EmailRule.MAX_LOCAL_PART)) {
                return col + " '" + e + "' is not a valid e-mail address";
            }
        }
        for (String col : List.of(FIRST_NAME, LAST_NAME)) {
            String v = row.get(col);
            if (v != null && v.length() > MAX_NAME) {
                return col + " is longer than " + MAX_NAME + " characters";
            }
        }
        if (row.has(ENABLED) && parseBoolean(row.get(ENABLED)) == null) {
            return "enabled must be true or false (leave the column out to keep the current value)";
        }
        return null;
    }

    @Override
    public List<RowPlan> plan(KeycloakSession session, RealmModel realm, List<CsvRow> rows) {
        Set<String> usernames = new HashSet<>();
        Set<String> emails = new HashSet<>();
        Set<String> externalIds = new HashSet<>();
        for (CsvRow row : rows) {
            addIfPresent(usernames, username(row));
            String ext = row.nonEmpty(EXTERNAL_ID);
            addIfPresent(externalIds, ext == null ? null : ext.trim());
            addIfPresent(usernames, lower(row.nonEmpty(NEW_USERNAME)));
            addIfPresent(emails, lower(row.nonEmpty(EMAIL)));
            addIfPresent(emails, lower(row.nonEmpty(NEW_EMAIL)));
        }
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        Map<String, Current> byUsername = new HashMap<>();
        for (Current c : query(em, realm.getId(), "u.username", usernames)) {
            byUsername.put(c.username(), c);
        }
        Map<String, String> emailOwner = new HashMap<>();
        for (Current c : query(em, realm.getId(), "u.email", emails)) {
            emailOwner.put(c.email(), c.username());
        }
        // external ids: those of the batch's users, and the owners of the ones the rows name (two queries)
        Map<String, String> externalOf = new HashMap<>();
        if (!byUsername.isEmpty()) {
            for (Object[] r : em.createQuery("select a.user.id, a.value from UserAttributeEntity a where a.name = :n"
                            + " and a.user.id in :ids", Object[].class).setParameter("n", EXTERNAL_ID_ATTRIBUTE)
                    .setParameter("ids", byUsername.values().stream().map(Current::id).toList()).getResultList()) {
                externalOf.put((String) r[0], (String) r[1]);
            }
            byUsername.replaceAll((k, c) -> c.withExternalId(externalOf.get(c.id())));
        }
        Map<String, String> externalOwner = new HashMap<>();
        if (!externalIds.isEmpty()) {
            for (Object[] r : em.createQuery("select a.value, a.user.id from UserAttributeEntity a where a.name = :n"
                            + " and a.value in :v and a.user.realmId = :realm", Object[].class)
                    .setParameter("n", EXTERNAL_ID_ATTRIBUTE).setParameter("v", externalIds)
                    .setParameter("realm", realm.getId()).getResultList()) {
                externalOwner.put((String) r[0], (String) r[1]);
            }
        }
        boolean uniqueEmails = !realm.isDuplicateEmailsAllowed();
        boolean emailAsUsername = realm.isRegistrationEmailAsUsername();
        List<RowPlan> plans = new ArrayList<>(rows.size());
        for (CsvRow row : rows) {
            if (row.nonEmpty(USERNAME) == null && !emailAsUsername) {
                plans.add(RowPlan.reject(row, "username is required: this realm does not use the e-mail as username"));
                continue;
            }
            plans.add(withEmailRule(session, realm,
                    planRow(row, byUsername, uniqueEmails ? emailOwner : Map.of(), externalOwner)));
        }
        return plans;
    }

    private RowPlan planRow(CsvRow row, Map<String, Current> byUsername, Map<String, String> emailOwner,
                            Map<String, String> externalOwner) {
        String username = username(row);
        String newUsername = lower(row.nonEmpty(NEW_USERNAME));
        Current current = byUsername.get(username);
        if (current == null && newUsername != null) {
            current = byUsername.get(newUsername); // already renamed by an earlier run: carry on from there
        }
        if (current != null && current.serviceAccount()) {
            return RowPlan.absent(row, "user " + current.username() + " is a client's service account");
        }
        if (row.action() == CsvRow.Action.DELETE) {
            if (current == null) {
                return RowPlan.unchangedAbsent(row, "USER");
            }
            Map<String, AuditEvent.Change> changes = new LinkedHashMap<>();
            changes.put(USERNAME, new AuditEvent.Change(current.username(), null));
            return new RowPlan(row, RowPlan.Kind.DELETE, null, "USER_DELETE", "USER", current.id(),
                    current.username(), changes, false, current);
        }
        if (current == null && newUsername != null) {
            return RowPlan.absent(row, "user " + username + " does not exist (nor " + newUsername
                    + "), so it cannot be renamed");
        }

        String newEmail = lower(row.nonEmpty(NEW_EMAIL));
        String emailCell = row.has(EMAIL) ? lower(row.nonEmpty(EMAIL)) : null;
        String targetEmail;
        boolean setEmail;
        if (newEmail != null) {
            if (current != null && emailCell != null && !emailCell.equals(current.email())
                    && !newEmail.equals(current.email())) {
                return RowPlan.reject(row, "email " + emailCell + " is not the current e-mail of " + current.username()
                        + " (" + (current.email() == null ? "none" : current.email()) + "); not changing it to " + newEmail);
            }
            targetEmail = newEmail;
            setEmail = true;
        } else {
            targetEmail = emailCell;
            setEmail = row.has(EMAIL);
        }
        Target t = new Target(newUsername != null ? newUsername : username, targetEmail, setEmail,
                emptyToNull(row.get(FIRST_NAME)), row.has(FIRST_NAME),
                emptyToNull(row.get(LAST_NAME)), row.has(LAST_NAME),
                row.has(ENABLED) ? parseBoolean(row.get(ENABLED)) : null,
                row.nonEmpty(EXTERNAL_ID) == null ? null : row.nonEmpty(EXTERNAL_ID).trim(), row.has(EXTERNAL_ID), null);
        if (t.setExternalId() && t.externalId() != null) {
            String owner = externalOwner.get(t.externalId());
            if (owner != null && (current == null || !owner.equals(current.id()))) {
                return RowPlan.reject(row, "external_id " + t.externalId() + " already belongs to another user");
            }
        }

        String ownUsername = current == null ? t.username() : current.username();
        if (setEmail && targetEmail != null) {
            String owner = emailOwner.get(targetEmail);
            if (owner != null && !owner.equals(ownUsername)) {
                return RowPlan.absent(row, "e-mail " + targetEmail + " already belongs to user " + owner);
            }
        }
        if (current != null && !t.username().equals(current.username())) {
            Current taken = byUsername.get(t.username());
            if (taken != null && !taken.id().equals(current.id())) {
                return RowPlan.reject(row, "new_username " + t.username() + " is already taken");
            }
        }

        Map<String, AuditEvent.Change> changes = new LinkedHashMap<>();
        if (current == null) {
            change(changes, USERNAME, null, t.username());
            change(changes, EMAIL, null, t.email());
            change(changes, FIRST_NAME, null, t.firstName());
            change(changes, LAST_NAME, null, t.lastName());
            change(changes, ENABLED, null, String.valueOf(t.enabled() == null || t.enabled()));
            change(changes, EXTERNAL_ID, null, t.externalId());
            return new RowPlan(row, RowPlan.Kind.CREATE, null, "USER_CREATE", "USER", null, t.username(), changes,
                    t.email() != null, t);
        }
        change(changes, USERNAME, current.username(), t.username());
        if (t.setEmail()) {
            change(changes, EMAIL, current.email(), t.email());
        }
        if (t.setFirstName()) {
            change(changes, FIRST_NAME, current.firstName(), t.firstName());
        }
        if (t.setLastName()) {
            change(changes, LAST_NAME, current.lastName(), t.lastName());
        }
        if (t.enabled() != null) {
            change(changes, ENABLED, String.valueOf(current.enabled()), String.valueOf(t.enabled()));
        }
        if (t.setExternalId()) {
            change(changes, EXTERNAL_ID, current.externalId(), t.externalId());
        }
        if (changes.isEmpty()) {
            return RowPlan.unchanged(row, "USER", current.id());
        }
        boolean emailChange = changes.containsKey(EMAIL);
        // E-MAIL CHANGE PATH: rows that change an existing user's e-mail are flagged (emailChange) and audited as
        // EMAIL_CHANGE; the delegated-admin RowAuthorizer applies the hijack-safe e-mail rule to exactly these.
        return new RowPlan(row, RowPlan.Kind.UPDATE, null, emailChange ? "EMAIL_CHANGE" : "USER_UPDATE", "USER",
                current.id(), current.username(), changes, emailChange, t);
    }

    /**
     * Keycloak's e-mail rule with its configured local-part limit read once: {@code isValidEmail(String)} reads the
     * configuration on every call, 5 % of a first load's CPU in a profile.
     */
    private static final class EmailRule {
        static final int MAX_LOCAL_PART = Config.scope("user-profile", "declarative-user-profile")
                .getInt(EmailValidationUtil.MAX_EMAIL_LOCAL_PART_LENGTH, EmailValidationUtil.MAX_LOCAL_PART_LENGTH);
    }

    /** Column names whose change is an account-level action (login identifiers): the hijack-safe e-mail rule. */
    private static final Set<String> LOGIN_IDENTIFIERS = Set.of(EMAIL, USERNAME);

    @Override
    public Decision authorize(AccessPolicy policy, Caller caller, RowPlan plan) {
        String target = plan.targetId();
        return switch (plan.kind()) {
            // a free username must not answer differently from a taken one the caller cannot see
            case CREATE -> policy.canCreateUnassignedUser(caller).allowed() ? Decision.allow() : Decision.hidden();
            case DELETE -> policy.canManageUser(caller, target);
            case UPDATE -> {
                if (plan.changes().keySet().stream().anyMatch(LOGIN_IDENTIFIERS::contains)) {
                    Decision d = policy.canChangeEmail(caller, target);
                    if (!d.allowed()) {
                        yield d;
                    }
                    if (plan.payload() instanceof Target t && t.emailRefusal() != null) {
                        yield Decision.deny("email_domain_not_authorized", t.emailRefusal());
                    }
                }
                if (plan.changes().containsKey(ENABLED) || plan.changes().containsKey(EXTERNAL_ID)) {
                    Decision d = policy.canManageUser(caller, target);
                    if (!d.allowed()) {
                        yield d;
                    }
                }
                yield policy.canUpdateUserNames(caller, target);
            }
            default -> Decision.allow();
        };
    }

    /**
     * Notes on an e-mail-changing row why the rules of higher slices (§7.2.4: self-registered users stay in authorized
     * domains) refuse the new address; {@link #authorize} reports it only after the scope checks, so a row about a
     * hidden user still gets the neutral refusal.
     */
    private static RowPlan withEmailRule(KeycloakSession session, RealmModel realm, RowPlan plan) {
        if (plan.kind() != RowPlan.Kind.UPDATE || !plan.emailChange() || !(plan.payload() instanceof Target t)
                || t.email() == null) {
            return plan;
        }
        UserModel user = session.users().getUserById(realm, plan.targetId());
        return EmailChangeRule.check(session, realm, user, t.email())
                .map(reason -> new RowPlan(plan.row(), plan.kind(), plan.message(), plan.auditAction(), plan.targetType(),
                        plan.targetId(), plan.targetLabel(), plan.changes(), plan.emailChange(), t.refusingEmail(reason)))
                .orElse(plan);
    }

    /** "Unchanged" only for users the caller may see; others get the neutral refusal. */
    @Override
    public Decision authorizeUnchanged(AccessPolicy policy, Caller caller, RowPlan plan) {
        return policy.canViewUser(caller, plan.targetId());
    }

    @Override
    public String apply(BulkBatch batch, RowPlan plan) {
        KeycloakSession session = batch.session();
        RealmModel realm = batch.realm();
        switch (plan.kind()) {
            case CREATE -> {
                Target t = (Target) plan.payload();
                if (!NewLocalUser.needsKeycloakPath(batch)) {
                    return NewLocalUser.insert(batch, t);
                }
                UserModel user = session.users().addUser(realm, t.username());
                user.setEmail(t.email());
                user.setFirstName(t.firstName());
                user.setLastName(t.lastName());
                user.setEnabled(t.enabled() == null || t.enabled());
                if (SetPasswordEmails.wanted(batch.setPasswordEmail(), t)) {
                    user.setSingleAttribute(SetPasswordEmails.MARK, batch.jobId());
                }
                if (t.externalId() != null) {
                    user.setSingleAttribute(EXTERNAL_ID_ATTRIBUTE, t.externalId());
                }
                return user.getId();
            }
            case UPDATE -> {
                Target t = (Target) plan.payload();
                UserModel user = session.users().getUserById(realm, plan.targetId());
                if (user == null) {
                    throw new IllegalStateException("user " + plan.targetLabel() + " disappeared during the import");
                }
                Map<String, AuditEvent.Change> c = plan.changes();
                if (c.containsKey(USERNAME)) {
                    user.setUsername(t.username());
                }
                if (c.containsKey(EMAIL)) {
                    user.setEmail(t.email());
                    user.setEmailVerified(false); // a new address has not been verified by anyone
                }
                if (c.containsKey(FIRST_NAME)) {
                    user.setFirstName(t.firstName());
                }
                if (c.containsKey(LAST_NAME)) {
                    user.setLastName(t.lastName());
                }
                if (c.containsKey(ENABLED)) {
                    user.setEnabled(t.enabled());
                }
                if (c.containsKey(EXTERNAL_ID)) {
                    if (t.externalId() == null) {
                        user.removeAttribute(EXTERNAL_ID_ATTRIBUTE);
                    } else {
                        user.setSingleAttribute(EXTERNAL_ID_ATTRIBUTE, t.externalId());
                    }
                }
                return user.getId();
            }
            case DELETE -> {
                UserModel user = session.users().getUserById(realm, plan.targetId());
                if (user != null) {
                    new UserManager(session).removeUser(realm, user);
                }
                return plan.targetId();
            }
            default -> throw new IllegalArgumentException("nothing to apply for " + plan.kind());
        }
    }

    @Override
    public boolean scopedExport() {
        return true;
    }

    @Override
    public void export(KeycloakSessionFactory sessionFactory, String realmId, Scope scope, BulkRowWriter out)
            throws IOException {
        out.header(SCHEMA.exportOrder());
        String after = "";
        while (true) {
            String from = after;
            List<Object[]> page = KeycloakModelUtils.runJobInTransactionWithResult(sessionFactory, session -> {
                // a delegated admin exports the users their user lists show: the same rule, Scope.userCondition
                Map<String, Object> params = new HashMap<>();
                String inScope = scope.unrestricted() ? "" : " and " + scope.userCondition("u.id", "sx", params);
                TypedQuery<Object[]> q = session.getProvider(JpaConnectionProvider.class).getEntityManager().createQuery(
                                "select u.username, u.email, u.firstName, u.lastName, u.enabled, (select x.value from"
                                        + " UserAttributeEntity x where x.user = u and x.name = :xname) from UserEntity u"
                                        + " where u.realmId = :realm and u.serviceAccountClientLink is null"
                                        + " and u.username > :after" + inScope + " order by u.username", Object[].class)
                        .setParameter("realm", realmId).setParameter("after", from)
                        .setParameter("xname", EXTERNAL_ID_ATTRIBUTE);
                params.forEach(q::setParameter);
                return q.setMaxResults(EXPORT_PAGE).getResultList();
            });
            for (Object[] r : page) {
                out.row(List.of(str(r[0]), str(r[1]), str(r[2]), str(r[3]), String.valueOf(r[4]), str(r[5])));
            }
            if (page.size() < EXPORT_PAGE) {
                break;
            }
            after = (String) page.get(page.size() - 1)[0];
            out.flush();
        }
        out.flush();
    }

    private static List<Current> query(EntityManager em, String realmId, String column, Set<String> values) {
        if (values.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = em.createQuery("select u.id, u.username, u.email, u.firstName, u.lastName, u.enabled,"
                        + " u.serviceAccountClientLink from UserEntity u where u.realmId = :realm and " + column
                        + " in :values", Object[].class)
                .setParameter("realm", realmId).setParameter("values", values).getResultList();
        List<Current> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add(new Current((String) r[0], (String) r[1], (String) r[2], emptyToNull((String) r[3]),
                    emptyToNull((String) r[4]), (Boolean) r[5], r[6] != null, null));
        }
        return out;
    }



    private static void addIfPresent(Set<String> set, String v) {
        if (v != null) {
            set.add(v);
        }
    }

    @Override
    public boolean filtersByDomain() {
        return true;
    }
}
