package org.kcedu.registration.flow;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.actiontoken.resetcred.ResetCredentialsActionToken;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.authentication.authenticators.resetcred.ResetCredentialEmail;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.DefaultActionTokenKey;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.services.messages.Messages;
import org.keycloak.sessions.AuthenticationSessionCompoundId;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Keycloak's "Send Reset Email" step with the mail sent off the request thread and the registration offer of
 * requirements §7.2.3: an existing account gets Keycloak's normal reset link; an unknown address in an authorized
 * domain gets an e-mail offering registration; any other unknown address gets nothing. Stock Keycloak sends on the
 * request thread only when the account exists, which its response time reveals (keycloak/keycloak#26625); here every
 * request builds the same token and enlists the same after-commit job, and the page is always "e-mail sent".
 * Following the link continues the reset flow exactly as with the stock step ({@link #action} is inherited).
 */
public class ResetCredentialEmailOffThread extends ResetCredentialEmail {

    public static final String ID = "kc-edu-reset-credential-email";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String actionTokenUserId = authSession.getAuthNote(DefaultActionTokenKey.ACTION_TOKEN_USER_ID);
        if (user != null && Objects.equals(user.getId(), actionTokenUserId)) {
            context.success(); // re-authentication after an action token, as in the stock step
            return;
        }
        String attempted = authSession.getAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME);
        String email = user != null ? user.getEmail() : EmailAddress.canonical(attempted);
        if (!SelfRegistrationAuthenticator.withinLimits(context, email)) {
            context.forkWithErrorMessage(new FormMessage("kceduTooManyRequests"));
            return;
        }
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        // An unknown username may still be the address of an account (a disabled one, say): never offer registration then.
        UserModel byEmail = email == null ? null : session.users().getUserByEmail(realm, email);
        String locale = session.getContext().resolveLocale(user).toLanguageTag();

        int validity = realm.getActionTokenGeneratedByUserLifespan(ResetCredentialsActionToken.TOKEN_TYPE);
        String compoundId = AuthenticationSessionCompoundId.fromAuthSession(authSession).getEncodedId();
        ResetCredentialsActionToken token = new ResetCredentialsActionToken(user != null ? user.getId() : "none",
                email, Time.currentTime() + validity, compoundId, authSession.getClient().getClientId());
        String link = context.getActionTokenUrl(token.serialize(session, realm, context.getUriInfo())).toString();
        Consumer<KeycloakSession> offer = SelfServiceRequests.registrationOffer(session, realm, context.getUriInfo(),
                email, locale);

        Consumer<KeycloakSession> job;
        if (user != null && email != null && !email.isBlank()) {
            job = resetLink(realm.getId(), user.getId(), link, TimeUnit.SECONDS.toMinutes(validity));
        } else if (user == null && byEmail == null) {
            job = offer;
        } else {
            job = s -> {
            };
        }
        SelfServiceRuntime.get().afterCommit(session, job);
        context.forkWithSuccessMessage(new FormMessage(Messages.EMAIL_SENT));
    }

    private static Consumer<KeycloakSession> resetLink(String realmId, String userId, String link, long minutes) {
        return s -> {
            RealmModel realm = s.realms().getRealm(realmId);
            s.getContext().setRealm(realm);
            UserModel u = s.users().getUserById(realm, userId);
            if (u == null) {
                return;
            }
            try {
                s.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(u).sendPasswordReset(link, minutes);
            } catch (EmailException e) {
                throw new IllegalStateException("password reset e-mail not sent", e);
            }
        };
    }

    @Override
    public String getDisplayType() {
        return "kc-edu Send Reset Email (off the request thread, registration offer)";
    }

    @Override
    public String getHelpText() {
        return "Sends the reset e-mail after the request, and to unknown addresses in authorized domains an offer to"
                + " register; same page and timing for every address.";
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return this;
    }

    @Override
    public void postInit(org.keycloak.models.KeycloakSessionFactory factory) {
        SelfServiceRuntime.start(factory);
    }

    /** Also the per-request authenticator: never stops the shared runtime (the registration factory owns it). */
    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
