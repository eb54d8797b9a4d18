package org.kcedu.api;

import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.Response;

import org.kcedu.audit.EntryPoint;
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
        AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).setRealm(realm).authenticate();
        if (auth == null || auth.user() == null) {
            throw new NotAuthorizedException(ApiError.response(Response.Status.UNAUTHORIZED, "unauthorized", null,
                    "A valid bearer access token from realm " + realm.getName() + " is required"), "Bearer realm=\"" + realm.getName() + "\"");
        }
        if (!ApiAudience.accepts(realm, auth.token())) {
            String audience = ApiAudience.of(realm);
            throw new NotAuthorizedException(ApiError.response(Response.Status.UNAUTHORIZED, "invalid_token", null,
                    "The access token was issued to client " + auth.token().getIssuedFor() + " and is not meant for"
                            + " kc-edu: its audience (aud) must contain " + audience + ". Use a client that has the "
                            + audience + " client scope (see docs/delegated-administration.md)"),
                    "Bearer realm=\"" + realm.getName() + "\", error=\"invalid_token\", error_description=\"audience "
                            + audience + " required\"");
        }
        if (!auth.user().isEnabled()) {
            throw new NotAuthorizedException(ApiError.response(Response.Status.UNAUTHORIZED, "unauthorized", null,
                    "The token's user is disabled"), "Bearer realm=\"" + realm.getName() + "\"");
        }
        String clientId = auth.token().getIssuedFor();
        EntryPoint entryPoint = Caller.ADMIN_UI_CLIENT_ID.equals(clientId) ? EntryPoint.UI : EntryPoint.API;
        String ip = session.getContext().getConnection() == null ? null
                : session.getContext().getConnection().getRemoteAddr();
        return new Caller(realm, auth.user(), clientId, ip, entryPoint);
    }
}
