package org.kcedu.directory.rest;

import static org.kcedu.directory.Paging.first;
import static org.kcedu.directory.Paging.max;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.kcedu.core.ApiError;
import org.kcedu.directory.ResolvedAssignment;
import org.kcedu.directory.model.AssignmentRep;

/**
 * {@code /kc-edu/assignments}: role assignments of users and groups. Lists need userId, groupId or domainId (the
 * per-user and per-domain lookups of §3.5.5 are also under users/{id} and domains/{id}).
 */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AssignmentsResource {

    private final DirectoryContext ctx;

    AssignmentsResource(DirectoryContext ctx) {
        this.ctx = ctx;
    }

    @GET
    public List<AssignmentRep> list(@QueryParam("userId") String userId, @QueryParam("groupId") String groupId,
                                    @QueryParam("domainId") String domainId, @QueryParam("subtree") boolean subtree,
                                    @QueryParam("first") Integer first, @QueryParam("max") Integer max) {
        ctx.authz.read();
        if (userId != null) {
            ctx.require((p, c) -> p.canViewUser(c, userId), "USER_READ", "user", userId);
            return ctx.directory.assignments().ofHolder(userId, null, ctx.authz.scope(), first(first), max(max));
        }
        if (groupId != null) {
            String domain = ctx.directory.groups().domainIdOf(groupId);
            ctx.require((p, c) -> p.canViewDomain(c, domain), "GROUP_READ", "group", groupId);
            return ctx.directory.assignments().ofHolder(null, groupId, ctx.authz.scope(), first(first), max(max));
        }
        if (domainId != null) {
            ctx.require((p, c) -> p.canViewDomain(c, domainId), "DOMAIN_READ", "domain", domainId);
            return ctx.directory.assignments().ofDomain(domainId, subtree, ctx.authz.scope(), first(first), max(max));
        }
        throw ApiError.badRequest("userId", "Give userId, groupId or domainId");
    }

    @GET
    @Path("{id}")
    public AssignmentRep get(@PathParam("id") String id) {
        ctx.authz.read();
        AssignmentRep a = ctx.directory.assignments().get(id);
        ctx.require((p, c) -> p.canViewDomain(c, a.domainId), "ASSIGNMENT_READ", "assignment", id);
        return a;
    }

    @POST
    public Response grant(AssignmentRep rep) {
        ResolvedAssignment a = ctx.directory.assignments().resolve(body(rep), null);
        ctx.require((p, c) -> p.canGrant(c, a.roleId(), a.domainId(), a.subjectId()), "ROLE_GRANT",
                a.userId() != null ? "user" : "group", a.userId() != null ? a.userId() : a.groupId());
        if (a.groupId() != null) {
            String owner = ctx.directory.groups().domainIdOf(a.groupId());
            ctx.require((p, c) -> p.canManageGroup(c, owner), "ROLE_GRANT", "group", a.groupId());
        }
        AssignmentRep out = ctx.write(() -> ctx.directory.assignments().grant(ctx.caller, a));
        return DirectoryContext.created(out.id, out);
    }

    @PUT
    @Path("{id}")
    public AssignmentRep update(@PathParam("id") String id, AssignmentRep rep) {
        ctx.require((p, c) -> p.canRevoke(c, id), "ROLE_ASSIGNMENT_UPDATE", "assignment", id);
        return ctx.write(() -> ctx.directory.assignments().update(ctx.caller, id, body(rep)));
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        ctx.require((p, c) -> p.canRevoke(c, id), "ROLE_REVOKE", "assignment", id);
        return ctx.writeNoContent(() -> ctx.directory.assignments().revoke(ctx.caller, id));
    }
}
