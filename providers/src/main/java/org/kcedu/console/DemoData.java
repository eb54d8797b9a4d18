package org.kcedu.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jboss.logging.Logger;
import org.kcedu.authz.Scope;
import org.kcedu.directory.Directory;
import org.kcedu.directory.ResolvedAssignment;
import org.kcedu.directory.model.AssignmentRep;
import org.kcedu.directory.model.DomainRep;
import org.kcedu.directory.model.RoleRep;
import org.kcedu.directory.model.SubjectRep;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.util.JsonSerialization;

/**
 * The demo directory ({@value #RESOURCE}): a state, districts and schools, the requirements' example roles, subjects,
 * a few more demo users, and assignments that make the README's demo users what they claim to be. Loaded only into
 * realms with attribute {@value #ATTRIBUTE}{@code =true} (the demo realm file sets it), through the directory service
 * like any change (audited with entry point SYSTEM). Each item is created only when missing, and a realm that has
 * loaded this version is left alone afterwards, so an admin's later changes to the demo data survive restarts.
 */
public final class DemoData {

    public static final String ATTRIBUTE = "kcedu.demoData";
    static final String LOADED_ATTRIBUTE = "kcedu.demoData.loaded";
    static final String RESOURCE = "/kc-edu/demo/demo-data.json";
    private static final Logger LOG = Logger.getLogger(DemoData.class);

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Content {
        public String version;
        public List<SubjectRep> subjects = List.of();
        public List<RoleRep> roles = List.of();
        public List<DomainRep> domains = List.of();
        public List<DemoUser> users = List.of();
        public List<DemoAssignment> assignments = List.of();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class DemoUser {
        public String username;
        public String email;
        public String firstName;
        public String lastName;
        public String password;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class DemoAssignment extends AssignmentRep {
        public String user;
        public Integer expiresInDays;
    }

    private DemoData() {
    }

    static boolean requested(RealmModel realm) {
        return "true".equalsIgnoreCase(realm.getAttribute(ATTRIBUTE));
    }

    /** Loads the demo data into {@code realm} if it asks for it and has not loaded this version yet. */
    static void loadIfRequested(KeycloakSession session, RealmModel realm) {
        if (!requested(realm)) {
            return;
        }
        Content c = content();
        if (Objects.equals(c.version, realm.getAttribute(LOADED_ATTRIBUTE))) {
            return;
        }
        load(session, realm, c);
        realm.setAttribute(LOADED_ATTRIBUTE, c.version);
        LOG.infof("kc-edu: demo data version %s loaded into realm %s", c.version, realm.getName());
    }

    static Content content() {
        try (InputStream in = DemoData.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the kc-edu JAR");
            }
            return JsonSerialization.readValue(in, Content.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void load(KeycloakSession session, RealmModel realm, Content c) {
        Directory ds = new Directory(session, realm);
        Set<String> subjects = ds.subjects().list().stream().map(s -> s.code).collect(Collectors.toSet());
        c.subjects.stream().filter(s -> !subjects.contains(s.code)).forEach(s -> ds.subjects().create(null, s));
        Set<String> roles = ds.roles().list().stream().map(r -> r.name).collect(Collectors.toSet());
        c.roles.stream().filter(r -> !roles.contains(r.name)).forEach(r -> ds.roles().create(null, r));
        for (DomainRep d : c.domains) {
            if (ds.domains().search(Scope.unrestrictedScope(), d.type, null, d.identifier, 0, 1).isEmpty()) {
                ds.domains().create(null, d);
            }
        }
        for (DemoUser u : c.users) {
            if (session.users().getUserByUsername(realm, u.username) == null) {
                createUser(session, realm, u);
            }
        }
        for (DemoAssignment a : c.assignments) {
            UserModel user = session.users().getUserByUsername(realm, a.user);
            if (user == null) {
                LOG.warnf("kc-edu: demo assignment skipped, realm %s has no user %s", realm.getName(), a.user);
                continue;
            }
            if (a.expiresInDays != null) {
                a.expiresAt = Instant.now().plus(a.expiresInDays, ChronoUnit.DAYS).toString();
            }
            ResolvedAssignment r = ds.assignments().resolve(a, user.getId());
            boolean held = ds.assignments().ofHolder(user.getId(), null, Scope.unrestrictedScope(), 0, 1000).stream()
                    .anyMatch(x -> x.roleId.equals(r.roleId()) && x.domainId.equals(r.domainId())
                            && Objects.equals(x.subjectId, r.subjectId()));
            if (!held) {
                ds.assignments().grant(null, r);
            }
        }
    }

    private static void createUser(KeycloakSession session, RealmModel realm, DemoUser u) {
        UserModel user = session.users().addUser(realm, u.username);
        user.setEnabled(true);
        user.setEmail(u.email);
        user.setEmailVerified(true);
        user.setFirstName(u.firstName);
        user.setLastName(u.lastName);
        if (u.password != null) {
            user.credentialManager().updateCredential(UserCredentialModel.password(u.password, false));
        }
    }
}
