package org.kcedu.registration.flow;

import java.util.Optional;

import org.kcedu.directory.EmailChangeRule;
import org.kcedu.registration.SelfRegistrationRules;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Requirements §7.2.4 in one place: a self-registered user (attribute {@link SelfRegistered#ATTRIBUTE}) may move their
 * address only into a domain some self-registration rule authorizes. Keycloak's paths ask through the user-profile
 * validator ({@link AuthorizedEmailDomainValidator}), kc-edu's REST API and bulk {@code users} through
 * {@link EmailChangeRule}. Users created by an administrator are not limited: the administrator answers for them.
 */
public class AuthorizedEmailDomainRule implements EmailChangeRule {

    public static final String REASON = "a self-registered user's e-mail can only move to a domain authorized for"
            + " self-registration";

    /** Whether {@code user} may change to {@code email}. */
    public static boolean allows(KeycloakSession session, RealmModel realm, UserModel user, String email) {
        if (user == null || !"true".equals(user.getFirstAttribute(SelfRegistered.ATTRIBUTE))
                || email.equalsIgnoreCase(user.getEmail())) {
            return true;
        }
        String canonical = EmailAddress.canonical(email);
        return canonical != null && new SelfRegistrationRules(session, realm).authorizes(canonical);
    }

    @Override
    public Optional<String> refusal(KeycloakSession session, RealmModel realm, UserModel user, String newEmail) {
        return allows(session, realm, user, newEmail) ? Optional.empty() : Optional.of(REASON);
    }
}
