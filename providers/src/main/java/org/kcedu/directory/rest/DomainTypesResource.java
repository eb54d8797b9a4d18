package org.kcedu.directory.rest;

import java.util.List;

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

import org.kcedu.authz.AccessPolicy;
import org.kcedu.directory.model.DomainTypeRep;

/** {@code /kc-edu/domain-types}: the levels of the hierarchy and which may sit under which. */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DomainTypesResource {

    private final DirectoryContext ctx;

    DomainTypesResource(DirectoryContext ctx) {
        this.ctx = ctx;
    }

    @GET
    public List<DomainTypeRep> list() {
        ctx.authz.read();
        return ctx.directory.domainTypes().list();
    }

    @GET
    @Path("{type}")
    public DomainTypeRep get(@PathParam("type") String type) {
        ctx.authz.read();
        return ctx.directory.domainTypes().get(type);
    }

    @POST
    public Response create(DomainTypeRep rep) {
        ctx.require(AccessPolicy::canManageVocabulary, "DOMAIN_TYPE_CREATE", "domainType", null);
        DomainTypeRep out = ctx.write(() -> ctx.directory.domainTypes().create(ctx.caller, body(rep)));
        return DirectoryContext.created(out.id, out);
    }

    @PUT
    @Path("{type}")
    public DomainTypeRep update(@PathParam("type") String type, DomainTypeRep rep) {
        ctx.require(AccessPolicy::canManageVocabulary, "DOMAIN_TYPE_UPDATE", "domainType", type);
        return ctx.write(() -> ctx.directory.domainTypes().update(ctx.caller, type, body(rep)));
    }

    @DELETE
    @Path("{type}")
    public Response delete(@PathParam("type") String type) {
        ctx.require(AccessPolicy::canManageVocabulary, "DOMAIN_TYPE_DELETE", "domainType", type);
        return ctx.writeNoContent(() -> ctx.directory.domainTypes().delete(ctx.caller, type));
    }

    /** The request body: required, and 400 naming the first field the route does not know (it would be ignored). */
    static <T> T body(T rep) {
        if (rep == null) {
            throw org.kcedu.core.ApiError.badRequest(null, "A JSON body is required");
        }
        if (rep instanceof org.kcedu.directory.model.StrictRep strict && !strict.unknownFields().isEmpty()) {
            String field = strict.unknownFields().get(0);
            throw org.kcedu.core.ApiError.badRequest(field, "Unknown field " + field + ": this route does not take it"
                    + " (see the OpenAPI document for the fields it changes)");
        }
        return rep;
    }
}
