package org.kcedu.registration.rest;

import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.kcedu.audit.AuditTrail;
import org.kcedu.registration.JsonFields;
import org.kcedu.registration.SelfServiceSettings;
import org.kcedu.registration.model.SettingsRep;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** {@code /kc-edu/self-registration/settings}: link lifetime and request limits (realm administrators). */
public class SelfRegistrationSettingsResource {

    private final KeycloakSession session;

    public SelfRegistrationSettingsResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public SettingsRep settings() {
        SelfServiceAdmin.require(session, "SELF_REGISTRATION_SETTINGS_READ", "realm", realm().getId());
        return SelfServiceSettings.of(realm());
    }

    @PUT
    @Produces(MediaType.APPLICATION_JSON)
    @Consumes(MediaType.APPLICATION_JSON)
    public SettingsRep updateSettings(Map<String, Object> body) {
        SelfServiceAdmin admin = SelfServiceAdmin.require(session, "SELF_REGISTRATION_SETTINGS_UPDATE", "realm", realm().getId());
        JsonFields in = new JsonFields(body, Set.of("linkLifetimeSeconds", "requestsPerAddressPerHour", "requestsPerIpPerHour"));
        SettingsRep s = new SettingsRep();
        s.linkLifetimeSeconds = in.integer("linkLifetimeSeconds", 1, 7 * 24 * 3600);
        s.requestsPerAddressPerHour = in.integer("requestsPerAddressPerHour", 1, 1_000_000);
        s.requestsPerIpPerHour = in.integer("requestsPerIpPerHour", 1, 1_000_000);
        SettingsRep before = SelfServiceSettings.of(realm());
        SelfServiceSettings.write(realm(), s);
        SettingsRep after = SelfServiceSettings.of(realm());
        AuditTrail.record(session, admin.caller.audit("SELF_REGISTRATION_SETTINGS_UPDATE").target("realm", realm().getId())
                .change("linkLifetimeSeconds", before.linkLifetimeSeconds, after.linkLifetimeSeconds)
                .change("requestsPerAddressPerHour", before.requestsPerAddressPerHour, after.requestsPerAddressPerHour)
                .change("requestsPerIpPerHour", before.requestsPerIpPerHour, after.requestsPerIpPerHour).build());
        return after;
    }

    private RealmModel realm() {
        return session.getContext().getRealm();
    }
}
