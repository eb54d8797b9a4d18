package org.kcedu.directory.rest;

import static org.kcedu.directory.rest.DomainTypesResource.body;

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
import org.kcedu.directory.model.RoleRep;

/** {@code /kc-edu/roles}: kc-edu roles, where they may be assigned, what they map to. */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RolesResource {

    private final DirectoryContext ctx;

    RolesResource(DirectoryContext ctx) {
        this.ctx = ctx;
    }

    /** Every one of the realm's (unpaged); {@code X-Total-Count} as on the paged lists. */
    @GET
    public Response list() {
        ctx.authz.read();
        List<RoleRep> all = ctx.directory.roles().list();
        return DirectoryContext.page(all, all::size);
    }

    @GET
    @Path("{role}")
    public RoleRep get(@PathParam("role") String role) {
        ctx.authz.read();
        return ctx.directory.roles().get(role);
    }

    @POST
    public Response create(RoleRep rep) {
        ctx.require(AccessPolicy::canManageRoles, "ROLE_CREATE", "role", null);
        RoleRep out = ctx.write(() -> ctx.directory.roles().create(ctx.caller, body(rep)));
        return DirectoryContext.created(out.id, out);
    }

    @PUT
    @Path("{role}")
    public RoleRep update(@PathParam("role") String role, RoleRep rep,
                          @jakarta.ws.rs.QueryParam("endAssignments") boolean endAssignments) {
        ctx.require(AccessPolicy::canManageRoles, "ROLE_UPDATE", "role", role);
        return ctx.write(() -> ctx.directory.roles().update(ctx.caller, role, body(rep), endAssignments));
    }

    @DELETE
    @Path("{role}")
    public Response delete(@PathParam("role") String role) {
        ctx.require(AccessPolicy::canManageRoles, "ROLE_DELETE", "role", role);
        return ctx.writeNoContent(() -> ctx.directory.roles().delete(ctx.caller, role));
    }
}
