package org.kcedu.registration.rest;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.kcedu.registration.JsonFields;
import org.kcedu.registration.SelfRegistrationRules;
import org.kcedu.registration.model.RuleRep;
import org.keycloak.models.KeycloakSession;

/** {@code /kc-edu/self-registration/rules}: the realm's authorized e-mail domains (requirements §7.1). */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SelfRegistrationRulesResource {

    private static final String TARGET = "self-registration-rule";
    static final Set<String> FIELDS = Set.of("emailDomain", "includeSubdomains", "role", "domainType",
            "domainIdentifier", "subject");

    private final KeycloakSession session;

    public SelfRegistrationRulesResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    public List<RuleRep> list() {
        SelfServiceAdmin.require(session, "SELF_REGISTRATION_RULE_READ", TARGET, null);
        return SelfRegistrationRules.of(session).list();
    }

    @GET
    @Path("{id}")
    public RuleRep get(@PathParam("id") String id) {
        SelfServiceAdmin.require(session, "SELF_REGISTRATION_RULE_READ", TARGET, id);
        return SelfRegistrationRules.of(session).get(id);
    }

    @POST
    public Response create(Map<String, Object> body) {
        SelfServiceAdmin admin = SelfServiceAdmin.require(session, "SELF_REGISTRATION_RULE_CREATE", TARGET, null);
        RuleRep out = admin.write(() -> SelfRegistrationRules.of(session).create(admin.caller, rule(body)));
        return Response.status(Response.Status.CREATED).header("Location", out.id).entity(out).build();
    }

    @PUT
    @Path("{id}")
    public RuleRep update(@PathParam("id") String id, Map<String, Object> body) {
        SelfServiceAdmin admin = SelfServiceAdmin.require(session, "SELF_REGISTRATION_RULE_UPDATE", TARGET, id);
        return admin.write(() -> SelfRegistrationRules.of(session).update(admin.caller, id, rule(body)));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        SelfServiceAdmin admin = SelfServiceAdmin.require(session, "SELF_REGISTRATION_RULE_DELETE", TARGET, id);
        admin.write(() -> {
            SelfRegistrationRules.of(session).delete(admin.caller, id);
            return null;
        });
        return Response.noContent().build();
    }

    static RuleRep rule(Map<String, Object> body) {
        JsonFields in = new JsonFields(body, FIELDS);
        RuleRep r = new RuleRep();
        r.emailDomain = in.string("emailDomain");
        r.includeSubdomains = in.bool("includeSubdomains");
        r.role = in.string("role");
        r.domainType = in.string("domainType");
        r.domainIdentifier = in.string("domainIdentifier");
        r.subject = in.string("subject");
        return r;
    }
}
