package org.kcedu.registration.flow;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.core.MultivaluedMap;

import org.kcedu.registration.SelfServiceSettings;
import org.kcedu.registration.model.SettingsRep;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;

/**
 * The one registration form (requirements §7.2), the only step of the realm's registration flow: e-mail, first and
 * last name. A well-formed submission always answers the same "check your e-mail" page; what happens is told by
 * e-mail only ({@link SelfServiceRequests#register}). Only checks that depend on the input alone (a field missing, an
 * address that is not one, too many requests from this address or IP) answer differently.
 */
public class SelfRegistrationAuthenticator implements Authenticator {

    static final String FORM = "kc-edu-register.ftl";
    static final String SENT = "kc-edu-register-sent.ftl";
    static final int MAX_NAME = 100;

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        context.challenge(context.form().createForm(FORM));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> in = context.getHttpRequest().getDecodedFormParameters();
        String rawEmail = trim(in.getFirst("email"));
        String firstName = trim(in.getFirst("firstName"));
        String lastName = trim(in.getFirst("lastName"));
        String email = EmailAddress.canonical(rawEmail);
        List<FormMessage> errors = new ArrayList<>();
        if (email == null) {
            errors.add(new FormMessage("email", rawEmail == null ? "kceduRegisterEmailMissing" : "kceduRegisterEmailInvalid"));
        }
        if (firstName == null || firstName.length() > MAX_NAME) {
            errors.add(new FormMessage("firstName", "kceduRegisterFirstNameMissing"));
        }
        if (lastName == null || lastName.length() > MAX_NAME) {
            errors.add(new FormMessage("lastName", "kceduRegisterLastNameMissing"));
        }
        if (!errors.isEmpty()) {
            context.challenge(form(context, in).setErrors(errors).createForm(FORM));
            return;
        }
        if (!withinLimits(context, email)) {
            context.challenge(form(context, in).setError("kceduTooManyRequests").createForm(FORM));
            return;
        }
        String locale = context.getSession().getContext().resolveLocale(null).toLanguageTag();
        SelfServiceRequests.register(context.getSession(), context.getRealm(), context.getUriInfo(), email,
                firstName, lastName, locale);
        context.challenge(context.form().createForm(SENT));
    }

    /** Per address and per client IP (requirements: abuse protection); shared with the forgot-password form. */
    static boolean withinLimits(AuthenticationFlowContext context, String address) {
        SettingsRep s = SelfServiceSettings.of(context.getRealm());
        RequestLimiter limiter = SelfServiceRuntime.get().limiter();
        String realm = context.getRealm().getId();
        String ip = context.getConnection().getRemoteAddr();
        boolean ipOk = limiter.tryAcquire(realm + "|ip|" + ip, s.requestsPerIpPerHour);
        boolean addressOk = address == null || limiter.tryAcquire(realm + "|address|" + address, s.requestsPerAddressPerHour);
        return ipOk && addressOk;
    }

    private static LoginFormsProvider form(AuthenticationFlowContext context, MultivaluedMap<String, String> in) {
        java.util.Map<String, String> keep = new java.util.HashMap<>();
        for (String f : List.of("email", "firstName", "lastName")) {
            if (in.getFirst(f) != null) {
                keep.put(f, in.getFirst(f));
            }
        }
        return context.form().setAttribute("kceduForm", keep);
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
