package org.kcedu.registration.flow;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import org.jboss.logging.Logger;
import org.kcedu.core.Caller;
import org.kcedu.core.EntryPoint;
import org.kcedu.directory.Directory;
import org.kcedu.directory.ResolvedAssignment;
import org.kcedu.directory.model.UserRep;
import org.kcedu.registration.SelfRegistrationRules;
import org.keycloak.TokenVerifier;
import org.keycloak.common.VerificationException;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.policy.PolicyError;
import org.keycloak.services.Urls;

/**
 * {@code /kc-edu/self-registration/complete?key=...}: where a registration link lands (requirements §7.2.1). Shows
 * the set-password form, then creates the account through the directory (verified e-mail, the matching rule's role
 * assignment, audited with entry point SELF_SERVICE). The link is refused, always with the same page, when its
 * signature does not verify (an altered address), it expired, it was used, an account now has the address, or no rule
 * authorizes the address any more.
 */
public class RegistrationCompletionResource {

    private static final Logger LOG = Logger.getLogger(RegistrationCompletionResource.class);
    static final String FORM = "kc-edu-register-password.ftl";
    static final String DONE = "kc-edu-register-done.ftl";

    private final KeycloakSession session;
    private final RealmModel realm;

    public RegistrationCompletionResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response form(@QueryParam("key") String key) {
        SelfRegistrationToken token = verify(key);
        if (token == null) {
            return refused();
        }
        return forms(token, key).createForm(FORM);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response complete(@FormParam("key") String key, @FormParam("password") String password,
                             @FormParam("password-confirm") String confirm) {
        SelfRegistrationToken token = verify(key);
        if (token == null) {
            return refused();
        }
        if (password == null || password.isEmpty()) {
            return forms(token, key).addError(new FormMessage("password", "missingPasswordMessage")).createForm(FORM);
        }
        if (!password.equals(confirm)) {
            return forms(token, key).addError(new FormMessage("password-confirm", "notMatchPasswordMessage")).createForm(FORM);
        }
        PolicyError policy = session.getProvider(PasswordPolicyManagerProvider.class).validate(token.getEmail(), password);
        if (policy != null) {
            return forms(token, key).addError(new FormMessage("password", policy.getMessage(), policy.getParameters()))
                    .createForm(FORM);
        }
        var match = SelfRegistrationRules.of(session).match(token.getEmail());
        if (match.isEmpty()) {
            return refused();
        }
        // Single use: the nonce is claimed before anything is written; a second submission finds it taken.
        long remaining = Math.max(1, token.getExp() - org.keycloak.common.util.Time.currentTime());
        if (!session.singleUseObjects().putIfAbsent(token.singleUseKey(), remaining)) {
            return refused();
        }
        try {
            UserModel user = create(token, match.get().assignment());
            user.credentialManager().updateCredential(UserCredentialModel.password(password, false));
        } catch (ModelException | jakarta.ws.rs.WebApplicationException e) {
            LOG.debugf("kc-edu self-registration of %s refused: %s", token.getEmail(), e.getMessage());
            session.getTransactionManager().setRollbackOnly();
            return refused();
        }
        String accountUrl = UriBuilder.fromUri(session.getContext().getUri().getBaseUri()).path("realms").path(realm.getName()).path("account").path("").build().toString();
        return forms(token, null).setAttribute("kceduAccountUrl", accountUrl).createForm(DONE);
    }

    private UserModel create(SelfRegistrationToken token, ResolvedAssignment rule) {
        String ip = session.getContext().getConnection() == null ? null : session.getContext().getConnection().getRemoteAddr();
        Caller self = new Caller(realm, null, "kc-edu-self-registration", ip, EntryPoint.SELF_SERVICE);
        UserRep rep = new UserRep();
        rep.email = token.getEmail();
        rep.firstName = token.getFirstName();
        rep.lastName = token.getLastName();
        rep.enabled = true;
        UserRep created = new Directory(session, realm).users().create(self, rep, List.of(rule));
        UserModel user = session.users().getUserById(realm, created.id);
        // The address is proven: the link was sent to it and is bound to it by the token's signature.
        user.setEmailVerified(true);
        user.setSingleAttribute(SelfRegistered.ATTRIBUTE, "true");
        return user;
    }

    /** The token when signature, realm, type, expiry and single use all check out; otherwise {@code null}. */
    private SelfRegistrationToken verify(String key) {
        if (key == null || key.isBlank() || key.length() > 4096) {
            return null;
        }
        try {
            SelfRegistrationToken token = session.tokens().decode(key, SelfRegistrationToken.class);
            if (token == null) {
                return null; // bad signature: the token (the address in it) was altered
            }
            TokenVerifier.createWithoutSignature(token)
                    .withChecks(TokenVerifier.IS_ACTIVE,
                            new TokenVerifier.RealmUrlCheck(Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName())))
                    .verify();
            if (!SelfRegistrationToken.TOKEN_TYPE.equals(token.getActionId()) || token.getEmail() == null
                    || token.getExp() == null) {
                return null;
            }
            if (session.singleUseObjects().contains(token.singleUseKey())
                    || session.users().getUserByEmail(realm, token.getEmail()) != null) {
                return null;
            }
            return token;
        } catch (VerificationException | RuntimeException e) {
            return null;
        }
    }

    private LoginFormsProvider forms(SelfRegistrationToken token, String key) {
        String action = UriBuilder.fromUri(session.getContext().getUri().getBaseUri()).path("realms").path(realm.getName())
                .path("kc-edu").path("self-registration").path("complete").build().toString();
        return session.getProvider(LoginFormsProvider.class)
                .setAttribute("kceduEmail", token.getEmail())
                .setAttribute("kceduKey", key)
                .setAttribute("kceduAction", action);
    }

    private Response refused() {
        return session.getProvider(LoginFormsProvider.class).setError("kceduRegisterLinkInvalid")
                .createErrorPage(Response.Status.BAD_REQUEST);
    }
}
