package org.kcedu.core;

import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * OAuth 2.0 bearer authentication for kc-edu routes, using Keycloak's own token verification (signature, expiry,
 * realm, active session), plus the audience: only tokens meant for kc-edu ({@link ApiAudience}) are accepted. No token,
 * a bad token or a token of another application is 401; what an authenticated caller may do is decided elsewhere and
 * refused with 403.
 */
public final class BearerAuth {

    private BearerAuth() {
    }

    public static Caller authenticate(KeycloakSession session) {
        RealmModel realm = session.getContext().getRealm();
        String challenge = "Bearer realm=\"" + realm.getName() + "\"";
        AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).setRealm(realm).authenticate();
        if (auth == null || auth.user() == null) {
            throw unauthorized("unauthorized", "A valid bearer access token from realm " + realm.getName()
                    + " is required", challenge);
        }
        if (!ApiAudience.accepts(realm, auth.token())) {
            String audience = ApiAudience.of(realm);
            throw unauthorized("invalid_token", "The access token was issued to client " + auth.token().getIssuedFor()
                    + " and is not meant for kc-edu: its audience (aud) must contain " + audience + ". Use a client"
                    + " that has the " + audience + " client scope (see docs/delegated-administration.md)",
                    challenge + ", error=\"invalid_token\", error_description=\"audience " + audience + " required\"");
        }
        if (!auth.user().isEnabled()) {
            throw unauthorized("unauthorized", "The token's user is disabled", challenge);
        }
        String clientId = auth.token().getIssuedFor();
        EntryPoint entryPoint = Caller.ADMIN_UI_CLIENT_ID.equals(clientId) ? EntryPoint.UI : EntryPoint.API;
        String ip = session.getContext().getConnection() == null ? null
                : session.getContext().getConnection().getRemoteAddr();
        return new Caller(realm, auth.user(), clientId, ip, entryPoint);
    }

    /**
     * 401 with kc-edu's JSON error body and the challenge. Not NotAuthorizedException(response, challenge): that
     * constructor takes the response for a challenge and answers a generic body.
     */
    private static WebApplicationException unauthorized(String error, String message, String challenge) {
        Response r = ApiError.response(Response.Status.UNAUTHORIZED, error, null, message);
        return new NotAuthorizedException(Response.fromResponse(r).header("WWW-Authenticate", challenge).build());
    }
}
