package org.kcedu.authz;

import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.kcedu.core.ApiError;
import org.kcedu.core.Caller;
import org.kcedu.audit.AuditTrail;
import org.keycloak.authentication.actiontoken.execactions.ExecuteActionsActionToken;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.LoginActionsService;

/**
 * Admin-initiated password reset (§5.2.1, §5.2.2.3): Keycloak's execute-actions e-mail (UPDATE_PASSWORD), sent only
 * to the user's CURRENT address, naming the admin who asked. The hijack rule protects that address, so any admin who
 * can see the user may trigger it. Rate limited per target user and per admin across the cluster.
 */
public final class PasswordResetMail {

    /** One mail per target user per this many seconds. */
    static final int PER_USER_SECONDS = 60;
    /** At most this many mails per admin per {@link #PER_ADMIN_WINDOW_SECONDS}. */
    static final int PER_ADMIN_MAX = 20;
    static final int PER_ADMIN_WINDOW_SECONDS = 600;
    /** Link lifetime when the realm sets none for admin-generated action tokens. */
    static final int DEFAULT_LIFESPAN_SECONDS = 12 * 3600;

    private PasswordResetMail() {
    }

    public static void send(KeycloakSession session, Caller admin, UserModel user) {
        if (user.getEmail() == null || user.getEmail().isBlank()) {
            throw ApiError.badRequest("email", "The user has no e-mail address to send the reset link to");
        }
        if (!user.isEnabled()) {
            throw ApiError.badRequest("enabled", "The user is disabled");
        }
        rateLimit(session, admin, user);
        try {
            deliver(session, admin, user);
        } catch (EmailException e) {
            throw new WebApplicationException(ApiError.response(Response.Status.SERVICE_UNAVAILABLE, "email_failed",
                    null, "The reset e-mail could not be sent; check the realm's SMTP settings"));
        }
    }

    /**
     * Sends the e-mail without this class's rate limits (callers that send many, e.g. for bulk-imported users, limit
     * themselves) and audits it, sent or failed. The admin must already be allowed to see the user.
     */
    public static void deliver(KeycloakSession session, Caller admin, UserModel user) throws EmailException {
        RealmModel realm = admin.realm();
        int lifespan = realm.getActionTokenGeneratedByAdminLifespan() > 0
                ? realm.getActionTokenGeneratedByAdminLifespan() : DEFAULT_LIFESPAN_SECONDS;
        ExecuteActionsActionToken token = new ExecuteActionsActionToken(user.getId(), user.getEmail(),
                Time.currentTime() + lifespan, List.of(UserModel.RequiredAction.UPDATE_PASSWORD.name()), null, null);
        String link = LoginActionsService.actionTokenProcessor(session.getContext().getUri())
                .queryParam("key", token.serialize(session, realm, session.getContext().getUri()))
                .build(realm.getName()).toString();
        String adminName = displayName(admin.user());
        try {
            session.getProvider(EmailTemplateProvider.class)
                    .setRealm(realm).setUser(user)
                    .setAttribute("requiredActions", token.getRequiredActions())
                    .setAttribute("kceduInitiatedByName", adminName)
                    .setAttribute("kceduInitiatedByEmail", admin.user().getEmail() == null ? "" : admin.user().getEmail())
                    .sendExecuteActions(link, TimeUnit.SECONDS.toMinutes(lifespan));
        } catch (EmailException e) {
            AuditTrail.record(session, admin.audit("PASSWORD_RESET_EMAIL").target("user", user.getId())
                    .failed("email_failed").build());
            throw e;
        }
        AuditTrail.record(session, admin.audit("PASSWORD_RESET_EMAIL").target("user", user.getId())
                .change("sentTo", null, user.getEmail()).build());
    }

    private static void rateLimit(KeycloakSession session, Caller admin, UserModel user) {
        SingleUseObjectProvider store = session.singleUseObjects();
        String realmId = admin.realm().getId();
        if (!store.putIfAbsent("kcedu-reset-user:" + realmId + ":" + user.getId(), PER_USER_SECONDS)) {
            throw tooMany("A reset e-mail was sent to this user less than " + PER_USER_SECONDS + " s ago");
        }
        for (int slot = 0; slot < PER_ADMIN_MAX; slot++) {
            if (store.putIfAbsent("kcedu-reset-admin:" + realmId + ":" + admin.userId() + ":" + slot, PER_ADMIN_WINDOW_SECONDS)) {
                return;
            }
        }
        throw tooMany("You sent " + PER_ADMIN_MAX + " reset e-mails in the last " + PER_ADMIN_WINDOW_SECONDS / 60
                + " minutes; try again later");
    }

    private static WebApplicationException tooMany(String message) {
        return new WebApplicationException(ApiError.response(Response.Status.TOO_MANY_REQUESTS, "rate_limited", null, message));
    }

    private static String displayName(UserModel u) {
        String name = ((u.getFirstName() == null ? "" : u.getFirstName()) + " "
                + (u.getLastName() == null ? "" : u.getLastName())).trim();
        return name.isEmpty() ? u.getUsername() : name;
    }
}
