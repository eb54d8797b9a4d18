package org.kcedu.directory;

import static org.kcedu.directory.DirectoryStore.prefix;
import static org.kcedu.directory.DirectoryStore.required;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.kcedu.authz.Scope;
import org.kcedu.core.ApiError;
import org.kcedu.core.Caller;
import org.kcedu.directory.model.UserRep;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.UserEntity;

/**
 * Keycloak users as the directory sees them: created with at least one assignment, searched within the caller's
 * scope, their e-mail change audited on its own. Keycloak stays the owner of the user; this adds the kc-edu rules.
 */
public final class DirectoryUsers {

    private static final String EMAIL = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+";

    private final DirectoryStore store;
    private final Domains domains;
    private final Assignments assignments;

    DirectoryUsers(DirectoryStore store, Domains domains, Assignments assignments) {
        this.store = store;
        this.domains = domains;
        this.assignments = assignments;
    }

    public UserRep get(String id) {
        return toRep(store.user(id));
    }

    /** The Keycloak user behind a kc-edu user id (404 when absent or a service account). */
    public UserModel model(String id) {
        return store.user(id);
    }

    /** The user attribute holding a user's external id (SIS / state staff id; SCIM externalId, OneRoster sourcedId). */
    public static final String EXTERNAL_ID = "kcedu.externalId";
    static final int MAX_EXTERNAL_ID = 255;

    /** What {@link #matches} filters on; null fields do not filter. */
    public record Filter(String search, String email, String externalId, String domainId, boolean subtree) {
    }

    /**
     * Users of the realm (service accounts excluded), optionally only those holding an assignment (directly or via a
     * group) inside {@code domainId}'s subtree (or at it, when !subtree), always limited to the scope's subtrees.
     * {@code search}: exact id, or a prefix of username, e-mail, first or last name; "first last" matches both names;
     * names ignore case and accents ("munoz" finds "Muñoz", see {@link NameFold}).
     * {@code email}: exact e-mail, case-insensitive; {@code externalId}: exact external id.
     * The page's ids come from {@code EDU_USER_SEARCH} alone (see {@link #query}), then its users are read by id;
     * the page and its capped count share the counting (see {@link Matches}).
     */
    public Matches matches(Scope scope, Filter f) {
        return new Matches(scope, f);
    }

    /** How many users {@link #matches} finds in all (its scope and filters, no paging). */
    public long count(Scope scope, Filter f) {
        if (scope.isEmpty()) {
            return 0;
        }
        return query(scope, f).count(store.em, "s");
    }

    /** Up to this many matches a search sorts its matches instead of walking the username index for them. */
    static final int FEW_MATCHES = 5000;

    /**
     * The users of one search: its page and its capped count share what the last count read, so a term with few
     * matches costs one scoped query for both (a district subtree's 'smi' took three, 1.0 s at p50 at 2M users).
     */
    public final class Matches {
        private final Scope scope;
        private final Filter f;
        /** The last count: {@code counted < countedLimit} is exact, {@code counted == countedLimit} means at least. */
        private long countedLimit = -1;
        private long counted;
        /** The matches the last count read (id, username), when it found them all; else null. */
        private List<Object[]> all;

        private Matches(Scope scope, Filter f) {
            this.scope = scope;
            this.f = f;
        }

        public List<UserRep> page(int first, int max) {
            if (scope.isEmpty()) {
                return List.of();
            }
            List<String> ids = ids(first, max);
            if (ids.isEmpty()) {
                return List.of();
            }
            Map<String, UserEntity> byId = new HashMap<>();
            for (UserEntity u : store.em.createQuery("select u from UserEntity u where u.id in :ids"
                    + " and u.serviceAccountClientLink is null", UserEntity.class).setParameter("ids", ids).getResultList()) {
                byId.put(u.getId(), u);
            }
            Map<String, String> externalIds = externalIds(ids);
            return ids.stream().map(byId::get).filter(Objects::nonNull).map(u -> {
                UserRep r = toRep(u);
                r.externalId = externalIds.get(u.getId());
                return r;
            }).toList();
        }

        /**
         * The page's ids, always in username order, by the cheaper road. No term: the username index, walked. A term
         * first reads its matches, unordered and capped at {@link #FEW_MATCHES} + 1 (the prefix indexes, or a small
         * scope's holders, answer that): a rare term ("stanbrook": 20 matches at 2M users) or "first last" ("john
         * smith", ~500) then has them all, sorted here, and that same read is the page's total. Walking the username
         * index for them went far into it before a page was full (1.7 s and 3 s), and reading them again sorted took a
         * second scoped query (a district subtree's 'smi', 300 matches among 10,000 holders: 0.25 s each). A common
         * term ("smi", 3 % of the users) walks the username index and stops at a page of matches.
         */
        private List<String> ids(int first, int max) {
            String search = f.search();
            if (search != null && !search.isBlank()) {
                countUpTo(FEW_MATCHES + 1);
                if (all != null) {
                    return all.stream().map(r -> (String) r[0]).skip(first).limit(max).toList();
                }
            }
            // two words beyond the few: lower(s.username) is the same order, but no index has it, so the planner
            // probes the name indexes and sorts rather than walk the clustered first names
            String order = search != null && words(search).length == 2 ? "order by lower(s.username)" : "order by s.username";
            return query(scope, f).append(order).query(store.em, String.class, first, max).getResultList();
        }

        /**
         * {@code min(matches, limit)} (same scope and filters); the database stops at {@code limit} matches, so a
         * common search term at 2M users does not count all its matches.
         */
        public long countUpTo(long limit) {
            if (scope.isEmpty() || limit <= 0) {
                return 0;
            }
            boolean known = countedLimit >= 0 && (counted < countedLimit || limit <= countedLimit);
            if (!known) {
                List<Object[]> rows = query(scope, f).firstRows(store.em, "s.userId, s.username", limit);
                counted = rows.size();
                countedLimit = limit;
                all = counted < limit && counted <= FEW_MATCHES ? sortedByUsername(rows) : null;
            }
            return Math.min(counted, limit);
        }
    }

    /**
     * Rows (id, username) in username order. Usernames are stored lower-cased; this is their character order (the
     * database's C collation), which is the database's own order for the usual lower-case ASCII usernames.
     */
    static List<Object[]> sortedByUsername(List<Object[]> rows) {
        List<Object[]> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing((Object[] r) -> r[1] == null ? "" : (String) r[1])
                .thenComparing(r -> (String) r[0]));
        return sorted;
    }

    private static String[] words(String search) {
        return search.trim().toLowerCase(Locale.ROOT).split("\\s+");
    }

    /**
     * The ids of {@link #matches}'s users, over {@code EDU_USER_SEARCH} alone: username, e-mail and folded names sit in
     * that one table (kept by {@code UserSearchSync}; service accounts have no row), so a single-word term is one OR
     * over one table's indexed columns ordered by its username. The database either walks the username index and
     * stops at a page of matches (a common term such as "smi", 3 % of the users) or probes the four prefix indexes
     * and sorts the few matches (a rare one), as it does for Keycloak's own search over {@code USER_ENTITY}. With
     * username and e-mail on {@code USER_ENTITY} and the names in this table, every match of a common term had to be
     * collected and probed in {@code USER_ENTITY} before sorting (3.5 s for "smi" at 2M users). Holder and scope
     * filters are "s.userId in (direct holders union all holders via a group)": a small scope drives the query from
     * its holders (one primary-key probe each), a large one is walked in username order.
     */
    private Jpql query(Scope scope, Filter f) {
        Jpql q = new Jpql("select s.userId from EduUserSearchEntity s where s.realmId = :realmId")
                .param("realmId", store.realm.getId());
        String search = f.search();
        if (search != null && !search.isBlank()) {
            String[] words = words(search);
            if (words.length == 2) {
                q.and("s.firstFolded like :w1 and s.lastFolded like :w2",
                        "w1", prefix(NameFold.fold(words[0])), "w2", prefix(NameFold.fold(words[1])));
            } else {
                q.and("(s.userId = :exact or s.username like :s or s.email like :s or s.firstFolded like :fs"
                        + " or s.lastFolded like :fs)",
                        "exact", search.trim(), "s", prefix(search.trim().toLowerCase(Locale.ROOT)),
                        "fs", prefix(NameFold.fold(search)));
            }
        }
        if (f.email() != null) {
            // kept lower-cased: equality on the column keeps its index
            q.and("s.email = :email", "email", f.email().trim().toLowerCase(Locale.ROOT));
        }
        if (f.externalId() != null) {
            // USER_ATTRIBUTE's (NAME, VALUE) index; values are at most 255 characters, so never in LONG_VALUE
            q.and("s.userId in (select xa.user.id from UserAttributeEntity xa where xa.name = :xname and xa.value = :xvalue)",
                    "xname", EXTERNAL_ID, "xvalue", f.externalId().trim());
        }
        String domainId = f.domainId();
        if (domainId != null && !domainId.isBlank()) {
            domains.domain(domainId);
            String at = f.subtree() ? "" : " and c.depth = 0";
            q.and("s.userId in (select a.userId from EduRoleAssignmentEntity a, EduDomainClosureEntity c where c.ancestorId = :d"
                    + at + " and a.domainId = c.descendantId union all select m.userId from EduGroupMemberEntity m,"
                    + " EduRoleAssignmentEntity ga, EduDomainClosureEntity gc where gc.ancestorId = :d" + at.replace("c.", "gc.")
                    + " and ga.domainId = gc.descendantId and m.groupId = ga.groupId)", "d", domainId);
        }
        if (!scope.unrestricted()) {
            // the same rule as single-user decisions: held (directly or via a group) and visible to the admin
            Map<String, Object> params = new HashMap<>();
            q.and(scope.userCondition("s.userId", "sv", params));
            params.forEach(q::param);
        }
        return q;
    }

    /** External ids of these users (one query). */
    private Map<String, String> externalIds(List<String> userIds) {
        Map<String, String> out = new HashMap<>();
        if (userIds.isEmpty()) {
            return out;
        }
        for (Object[] r : store.em.createQuery("select a.user.id, a.value from UserAttributeEntity a where a.name = :name"
                        + " and a.user.id in :ids", Object[].class)
                .setParameter("name", EXTERNAL_ID).setParameter("ids", userIds).getResultList()) {
            out.put((String) r[0], (String) r[1]);
        }
        return out;
    }

    /** The trimmed external id ({@code null} when blank); 400 naming {@code externalId} when too long. */
    public static String externalId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.length() > MAX_EXTERNAL_ID) {
            throw ApiError.badRequest("externalId", "An external id has at most " + MAX_EXTERNAL_ID + " characters");
        }
        return v;
    }

    /** The id of the realm's user with this external id, or null. */
    public String userIdByExternalId(String externalId) {
        return store.em.createQuery("select a.user.id from UserAttributeEntity a where a.name = :name and a.value = :value"
                        + " and a.user.realmId = :realmId", String.class)
                .setParameter("name", EXTERNAL_ID).setParameter("value", externalId).setParameter("realmId", store.realm.getId())
                .setMaxResults(1).getResultStream().findFirst().orElse(null);
    }

    /** 409 naming {@code externalId} when another user of the realm has it (unique per realm). */
    private void checkExternalIdFree(String externalId, String ownId) {
        String other = externalId == null ? null : userIdByExternalId(externalId);
        if (other != null && !other.equals(ownId)) {
            throw ApiError.conflict("externalId", "Another user has external id " + externalId);
        }
    }

    /**
     * The checks of a new user's request that do not depend on the database (400 naming the field). Run before the
     * e-mail is looked up, so that the answer is the same whether or not an account has that e-mail (adoption).
     */
    public static void checkNew(UserRep rep, List<ResolvedAssignment> grants) {
        if (grants.isEmpty()) {
            throw ApiError.badRequest("assignments", "A user created through kc-edu needs at least one role assignment");
        }
        email(required(rep.email, "email"));
        required(rep.firstName, "firstName");
        required(rep.lastName, "lastName");
        externalId(rep.externalId);
    }

    /** The username a new user gets: the one given, else the e-mail (lower-cased, as Keycloak stores them). */
    public static String newUsername(UserRep rep) {
        return rep.username == null || rep.username.isBlank() ? email(rep.email)
                : rep.username.trim().toLowerCase(Locale.ROOT);
    }

    /** Creates a Keycloak user with at least one assignment, all validated before anything is written. */
    public UserRep create(Caller caller, UserRep rep, List<ResolvedAssignment> grants) {
        checkNew(rep, grants);
        String email = email(rep.email);
        String username = newUsername(rep);
        if (store.session.users().getUserByUsername(store.realm, username) != null) {
            throw ApiError.conflict("username", "User " + username + " already exists");
        }
        if (!store.realm.isDuplicateEmailsAllowed() && store.session.users().getUserByEmail(store.realm, email) != null) {
            throw ApiError.conflict("email", "Another user has e-mail " + email);
        }
        String firstName = required(rep.firstName, "firstName");
        String lastName = required(rep.lastName, "lastName");
        String externalId = externalId(rep.externalId);
        checkExternalIdFree(externalId, null);
        UserModel u = store.session.users().addUser(store.realm, username);
        if (externalId != null) {
            u.setSingleAttribute(EXTERNAL_ID, externalId);
        }
        u.setEmail(email);
        u.setFirstName(firstName);
        u.setLastName(lastName);
        u.setEnabled(rep.enabled == null || rep.enabled);
        store.audit(caller, "USER_CREATE", "user", u.getId(), b -> b.change("username", null, username).change("email", null, email)
                .change("firstName", null, firstName).change("lastName", null, lastName).change("enabled", null, u.isEnabled())
                .change("externalId", null, externalId));
        for (ResolvedAssignment a : grants) {
            assignments.grant(caller, a.forUser(u.getId()));
        }
        UserRep out = toRep(u);
        out.assignments = assignments.ofHolder(u.getId(), null, Scope.unrestrictedScope(), 0, Paging.MAX_MAX);
        return out;
    }

    /** Trimmed, lower-cased and checked e-mail address (400 naming the field). */
    private static String email(String value) {
        String email = value.trim().toLowerCase(Locale.ROOT);
        if (!email.matches(EMAIL)) {
            throw ApiError.badRequest("email", "Not an e-mail address");
        }
        return email;
    }

    /** Names and enabled flag (USER_UPDATE) and e-mail (a separate EMAIL_CHANGE event: it is security-relevant). */
    public UserRep update(Caller caller, String id, UserRep rep) {
        UserModel u = store.user(id);
        String bFirst = u.getFirstName(), bLast = u.getLastName(), bEmail = u.getEmail();
        boolean bEnabled = u.isEnabled();
        if (rep.username != null && !rep.username.equalsIgnoreCase(u.getUsername())) {
            throw ApiError.badRequest("username", "The username cannot change");
        }
        String email = rep.email == null ? null : rep.email.trim().toLowerCase(Locale.ROOT);
        if (email != null && !email.equals(bEmail)) {
            email(email);
            UserModel other = store.session.users().getUserByEmail(store.realm, email);
            if (!store.realm.isDuplicateEmailsAllowed() && other != null && !other.getId().equals(id)) {
                throw ApiError.conflict("email", "Another user has e-mail " + email);
            }
            EmailChangeRule.check(store.session, store.realm, u, email).ifPresent(reason -> {
                throw ApiError.badRequest("email", reason);
            });
        }
        if (rep.firstName != null) {
            u.setFirstName(required(rep.firstName, "firstName"));
        }
        if (rep.lastName != null) {
            u.setLastName(required(rep.lastName, "lastName"));
        }
        if (rep.enabled != null) {
            u.setEnabled(rep.enabled);
        }
        String bExternal = u.getFirstAttribute(EXTERNAL_ID);
        if (rep.externalId != null) {
            String externalId = externalId(rep.externalId);
            if (!Objects.equals(externalId, bExternal)) {
                checkExternalIdFree(externalId, id);
                if (externalId == null) {
                    u.removeAttribute(EXTERNAL_ID);
                } else {
                    u.setSingleAttribute(EXTERNAL_ID, externalId);
                }
            }
        }
        String aExternal = u.getFirstAttribute(EXTERNAL_ID);
        if (!Objects.equals(bFirst, u.getFirstName()) || !Objects.equals(bLast, u.getLastName()) || bEnabled != u.isEnabled()
                || !Objects.equals(bExternal, aExternal)) {
            store.audit(caller, "USER_UPDATE", "user", id, b -> b.change("firstName", bFirst, u.getFirstName())
                    .change("lastName", bLast, u.getLastName()).change("enabled", bEnabled, u.isEnabled())
                    .change("externalId", bExternal, aExternal));
        }
        if (email != null && !email.equals(bEmail)) {
            // Where the username is the e-mail (the common case for educators) it follows the e-mail.
            String bUsername = u.getUsername();
            boolean usernameFollows = bUsername.equalsIgnoreCase(bEmail == null ? "" : bEmail);
            if (usernameFollows && store.session.users().getUserByUsername(store.realm, email) != null) {
                throw ApiError.conflict("email", "Another user has username " + email);
            }
            u.setEmail(email);
            u.setEmailVerified(false);
            if (usernameFollows) {
                u.setUsername(email);
            }
            store.audit(caller, "EMAIL_CHANGE", "user", id, b -> b.change("email", bEmail, email)
                    .change("username", bUsername, u.getUsername()));
        }
        return toRep(u);
    }

    /** Deletes the Keycloak user; the UserRemovedEvent listener removes their assignments and memberships. */
    public void delete(Caller caller, String id) {
        UserModel u = store.user(id);
        String username = u.getUsername();
        // UserManager (not users().removeUser) publishes UserRemovedEvent, which every listener (ours too) relies on
        if (!new UserManager(store.session).removeUser(store.realm, u)) {
            throw ApiError.conflict("id", "Keycloak refused to delete user " + id);
        }
        store.audit(caller, "USER_DELETE", "user", id, b -> b.change("username", username, null));
    }

    static UserRep toRep(UserModel u) {
        UserRep r = rep(u.getId(), u.getUsername(), u.getEmail(), u.getFirstName(), u.getLastName(), u.isEnabled());
        r.externalId = u.getFirstAttribute(EXTERNAL_ID);
        return r;
    }

    static UserRep toRep(UserEntity u) {
        return rep(u.getId(), u.getUsername(), u.getEmail(), u.getFirstName(), u.getLastName(), u.isEnabled());
    }

    private static UserRep rep(String id, String username, String email, String firstName, String lastName, boolean enabled) {
        UserRep r = new UserRep();
        r.id = id;
        r.username = username;
        r.email = email;
        r.firstName = firstName;
        r.lastName = lastName;
        r.enabled = enabled;
        return r;
    }
}
