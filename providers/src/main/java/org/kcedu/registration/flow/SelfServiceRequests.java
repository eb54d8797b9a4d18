package org.kcedu.registration.flow;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;

import org.kcedu.registration.SelfRegistrationRules;
import org.kcedu.registration.SelfServiceSettings;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * What a registration or forgot-password request decides, told by e-mail only (requirements §7.2). Every request does
 * the same work whatever the address (one user lookup, one rules query, one signed token, one after-commit job); only
 * the job, run later on the mail thread, differs, so neither the answer nor its timing tells the outcomes apart.
 */
final class SelfServiceRequests {

    static final String ACCOUNT_CLIENT = "account-console";

    private SelfServiceRequests() {
    }

    /**
     * A registration form submission: authorized domain and no account, the registration link; account exists, an
     * offer to reset the password; otherwise nothing at all.
     */
    static void register(KeycloakSession session, RealmModel realm, UriInfo uri, String email, String firstName,
                         String lastName, String locale) {
        UserModel existing = session.users().getUserByEmail(realm, email);
        boolean authorized = SelfRegistrationRules.of(session).match(email).isPresent();
        int lifetime = SelfServiceSettings.of(realm).linkLifetimeSeconds;
        String link = completionLink(session, realm, uri,
                new SelfRegistrationToken(email, firstName, lastName, Time.currentTime() + lifetime));
        String resetUrl = resetPageUrl(uri, realm);
        String realmId = realm.getId();
        Consumer<KeycloakSession> job;
        if (existing != null) {
            job = s -> SelfServiceMail.send(s, realmId, email, locale, "kceduRegisterExistsSubject",
                    "kcedu-register-exists.ftl", Map.of("resetUrl", resetUrl));
        } else if (authorized) {
            job = s -> SelfServiceMail.send(s, realmId, email, locale, "kceduRegisterLinkSubject",
                    "kcedu-register-link.ftl", Map.of("link", link, "firstName", firstName,
                            "linkExpirationMinutes", Math.max(1, lifetime / 60)));
        } else {
            job = s -> {
            };
        }
        SelfServiceRuntime.get().afterCommit(session, job);
    }

    /** A forgot-password request for an address without an account: an offer to register when its domain is authorized. */
    static Consumer<KeycloakSession> registrationOffer(KeycloakSession session, RealmModel realm, UriInfo uri,
                                                       String email, String locale) {
        boolean authorized = email != null && SelfRegistrationRules.of(session).match(email).isPresent();
        String registerUrl = registrationPageUrl(uri, realm);
        String realmId = realm.getId();
        if (!authorized) {
            return s -> {
            };
        }
        return s -> SelfServiceMail.send(s, realmId, email, locale, "kceduResetUnknownSubject",
                "kcedu-reset-unknown.ftl", Map.of("registerUrl", registerUrl));
    }

    static String completionLink(KeycloakSession session, RealmModel realm, UriInfo uri, SelfRegistrationToken token) {
        return UriBuilder.fromUri(uri.getBaseUri()).path("realms").path(realm.getName())
                .path("kc-edu").path("self-registration").path("complete")
                .queryParam("key", token.serialize(session, realm, uri)).build().toString();
    }

    /** Keycloak's forgot-password page (starts its own flow for the account console). */
    static String resetPageUrl(UriInfo uri, RealmModel realm) {
        return UriBuilder.fromUri(uri.getBaseUri()).path("realms").path(realm.getName()).path("login-actions")
                .path("reset-credentials").queryParam("client_id", ACCOUNT_CLIENT).build().toString();
    }

    /** The registration page, reached as a new user would: the account console's registration entry point. */
    static String registrationPageUrl(UriInfo uri, RealmModel realm) {
        URI account = UriBuilder.fromUri(uri.getBaseUri()).path("realms").path(realm.getName()).path("account").path("").build();
        return UriBuilder.fromUri(uri.getBaseUri()).path("realms").path(realm.getName()).path("protocol")
                .path("openid-connect").path("registrations").queryParam("client_id", ACCOUNT_CLIENT)
                .queryParam("response_type", "code").queryParam("scope", "openid")
                .queryParam("redirect_uri", account.toString())
                // The account console requires PKCE. Registration ends at "check your e-mail" and never reaches the
                // code exchange, so a fixed challenge opens the form without weakening anything.
                .queryParam("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
                .queryParam("code_challenge_method", "S256").build().toString();
    }

    static Optional<String> canonical(String input) {
        return Optional.ofNullable(EmailAddress.canonical(input));
    }
}
