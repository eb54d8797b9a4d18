package org.kcedu.directory.rest;

import static org.kcedu.directory.DirectoryService.first;
import static org.kcedu.directory.DirectoryService.max;
import static org.kcedu.directory.rest.DomainTypesResource.body;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.kcedu.authz.AccessPolicy;
import org.kcedu.directory.DirectoryService.ResolvedAssignment;
import org.kcedu.directory.model.AssignmentRep;
import org.kcedu.directory.model.GroupRep;
import org.kcedu.directory.model.UserRep;

/**
 * {@code /kc-edu/users}: Keycloak users seen through the directory. Search is scoped: only users holding an
 * assignment in the caller's subtrees (or in {@code domain}'s subtree) are returned.
 */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UsersResource {

    private final DirectoryContext ctx;

    UsersResource(DirectoryContext ctx) {
        this.ctx = ctx;
    }

    @GET
    public List<UserRep> search(@QueryParam("search") String search, @QueryParam("domain") String domain,
                                @QueryParam("subtree") @jakarta.ws.rs.DefaultValue("true") boolean subtree,
                                @QueryParam("first") Integer first, @QueryParam("max") Integer max) {
        ctx.authz.read();
        if (domain != null) {
            ctx.require((p, c) -> p.canViewDomain(c, domain), "DOMAIN_READ", "domain", domain);
        }
        return ctx.service.searchUsers(ctx.authz.scope(), search, domain, subtree, first(first), max(max));
    }

    @GET
    @Path("{id}")
    public UserRep get(@PathParam("id") String id) {
        view(id);
        return ctx.service.getUser(id);
    }

    /** Creates a user together with at least one assignment; every assignment is authorized like a grant. */
    @POST
    public Response create(UserRep rep) {
        UserRep in = body(rep);
        ctx.require(AccessPolicy::canCreateUser, "USER_CREATE", "user", null);
        List<ResolvedAssignment> resolved = new ArrayList<>();
        if (in.assignments != null) {
            for (AssignmentRep a : in.assignments) {
                ResolvedAssignment r = ctx.service.resolve(a, "new-user");
                ctx.require((p, c) -> p.canGrant(c, r.roleId(), r.domainId(), r.subjectId()), "ROLE_GRANT", "user", null);
                resolved.add(r);
            }
        }
        UserRep out = ctx.write(() -> ctx.service.createUser(ctx.caller, in, resolved));
        return DirectoryContext.created(out.id, out);
    }

    @PUT
    @Path("{id}")
    public UserRep update(@PathParam("id") String id, UserRep rep) {
        UserRep in = body(rep);
        ctx.require((p, c) -> p.canManageUser(c, id), "USER_UPDATE", "user", id);
        UserRep current = ctx.service.getUser(id);
        if (in.email != null && !in.email.trim().toLowerCase(Locale.ROOT).equals(current.email)) {
            ctx.require((p, c) -> p.canChangeEmail(c, id), "EMAIL_CHANGE", "user", id);
        }
        return ctx.write(() -> ctx.service.updateUser(ctx.caller, id, in));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        ctx.require((p, c) -> p.canManageUser(c, id), "USER_DELETE", "user", id);
        return ctx.writeNoContent(() -> ctx.service.deleteUser(ctx.caller, id));
    }

    @GET
    @Path("{id}/assignments")
    public List<AssignmentRep> assignments(@PathParam("id") String id, @QueryParam("first") Integer first,
                                           @QueryParam("max") Integer max) {
        view(id);
        return ctx.service.assignmentsOfHolder(id, null, ctx.authz.scope(), first(first), max(max));
    }

    @GET
    @Path("{id}/groups")
    public List<GroupRep> groups(@PathParam("id") String id) {
        view(id);
        return ctx.service.groupsOfUser(id, ctx.authz.scope());
    }

    private void view(String id) {
        ctx.require((p, c) -> p.canViewUser(c, id), "USER_READ", "user", id);
    }
}
