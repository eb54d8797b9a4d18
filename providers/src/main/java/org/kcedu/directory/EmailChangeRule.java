package org.kcedu.directory;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * A rule a higher slice adds to every administrative e-mail change (kc-edu REST API and bulk {@code users}); Keycloak's
 * own paths reach the same rules through the user profile. Implementations are listed in
 * {@code META-INF/services/org.kcedu.directory.EmailChangeRule}, so the directory needs no upward import.
 */
public interface EmailChangeRule {

    /** Why {@code user} may not move to {@code newEmail} (lower-cased, syntactically valid), or empty. */
    Optional<String> refusal(KeycloakSession session, RealmModel realm, UserModel user, String newEmail);

    /** The first refusal of any installed rule. */
    static Optional<String> check(KeycloakSession session, RealmModel realm, UserModel user, String newEmail) {
        for (EmailChangeRule rule : Installed.RULES) {
            Optional<String> r = rule.refusal(session, realm, user, newEmail);
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    final class Installed {
        static final List<EmailChangeRule> RULES = ServiceLoader.load(EmailChangeRule.class, EmailChangeRule.class.getClassLoader())
                .stream().map(ServiceLoader.Provider::get).toList();

        private Installed() {
        }
    }
}
