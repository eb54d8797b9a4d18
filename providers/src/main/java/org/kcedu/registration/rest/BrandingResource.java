package org.kcedu.registration.rest;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.kcedu.core.AuditEvent;
import org.kcedu.audit.AuditTrail;
import org.kcedu.registration.branding.Branding;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** {@code /kc-edu/branding}: the realm's look on the login pages and in e-mails (requirements §4.3). */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BrandingResource {

    private final KeycloakSession session;

    public BrandingResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    public Map<String, Object> get() {
        SelfServiceAdmin.require(session, "BRANDING_READ", "realm", realm().getId());
        return Branding.read(realm());
    }

    /** Changes the fields given (null or "" removes one); 400 naming the field, e.g. a colour below 4.5:1 contrast. */
    @PUT
    public Map<String, Object> update(Map<String, Object> body) {
        SelfServiceAdmin admin = SelfServiceAdmin.require(session, "BRANDING_UPDATE", "realm", realm().getId());
        Map<String, String[]> changes = admin.write(() -> Branding.write(realm(), body));
        if (!changes.isEmpty()) {
            AuditEvent.Builder b = admin.caller.audit("BRANDING_UPDATE").target("realm", realm().getId());
            changes.forEach((f, v) -> b.change(f, v[0], v[1]));
            AuditTrail.record(session, b.build());
        }
        return Branding.read(realm());
    }

    private RealmModel realm() {
        return session.getContext().getRealm();
    }
}
