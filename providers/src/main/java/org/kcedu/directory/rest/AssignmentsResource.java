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
import org.kcedu.authz.Target;
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

    /** The list, with its total (scoped like the list) in {@code X-Total-Count}. */
    @GET
    public Response list(@QueryParam("userId") String userId, @QueryParam("groupId") String groupId,
                         @QueryParam("domainId") String domainId, @QueryParam("subtree") boolean subtree,
                         @QueryParam("first") Integer first, @QueryParam("max") Integer max) {
        ctx.authz.read();
        var all = ctx.directory.assignments();
        if (userId != null) {
            ctx.see(Target.USER, userId);
            var scope = ctx.authz.scope();
            return DirectoryContext.page(all.ofHolder(userId, null, scope, first(first), max(max)),
                    () -> all.countOfHolder(userId, null, scope));
        }
        if (groupId != null) {
            ctx.see(Target.GROUP, groupId);
            var scope = ctx.authz.scope();
            return DirectoryContext.page(all.ofHolder(null, groupId, scope, first(first), max(max)),
                    () -> all.countOfHolder(null, groupId, scope));
        }
        if (domainId != null) {
            ctx.see(Target.DOMAIN, domainId);
            var scope = ctx.authz.scope();
            return DirectoryContext.page(all.ofDomain(domainId, subtree, scope, first(first), max(max)),
                    () -> all.countOfDomain(domainId, subtree, scope));
        }
        throw ApiError.badRequest("userId", "Give userId, groupId or domainId");
    }

    @GET
    @Path("{id}")
    public AssignmentRep get(@PathParam("id") String id) {
        ctx.see(Target.ASSIGNMENT, id);
        return ctx.directory.assignments().get(id);
    }

    @POST
    public Response grant(AssignmentRep rep) {
        AssignmentRep in = body(rep);
        ctx.authz.read();
        if (in.id != null) {
            throw ApiError.badRequest("id", "A new assignment's id is chosen by kc-edu: leave id out");
        }
        // a holder the caller cannot see is answered like an unknown one (adding a role to such an account: POST users)
        if (in.userId != null && !in.userId.isBlank()) {
            ctx.authz.seeReferenced(Target.USER, in.userId, "userId");
        }
        if (in.groupId != null && !in.groupId.isBlank()) {
            ctx.authz.seeReferenced(Target.GROUP, in.groupId, "groupId");
        }
        ctx.namedDomain(in.domainId, in.domainType, in.domainIdentifier, "domainId");
        ResolvedAssignment a = ctx.directory.assignments().resolve(in, null);
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
        ctx.see(Target.ASSIGNMENT, id);
        AssignmentRep in = body(rep);
        rejectUnchangeable(id, in);
        ctx.require((p, c) -> p.canRevoke(c, id), "ROLE_ASSIGNMENT_UPDATE", "assignment", id);
        return ctx.write(() -> ctx.directory.assignments().update(ctx.caller, id, in));
    }

    /**
     * Only startsAt and expiresAt change here (role, domain, subject and holder are a revoke plus a grant): any other
     * field must repeat the current value, else 400 naming it.
     */
    private void rejectUnchangeable(String id, AssignmentRep in) {
        AssignmentRep current = ctx.directory.assignments().get(id);
        IgnoredFields.requireSame("id", in.id, current.id);
        IgnoredFields.requireSame("userId", in.userId, current.userId);
        IgnoredFields.requireSame("groupId", in.groupId, current.groupId);
        IgnoredFields.requireSame("roleId", in.roleId, current.roleId);
        IgnoredFields.requireSame("role", in.role, current.role);
        IgnoredFields.requireSame("domainId", in.domainId, current.domainId);
        IgnoredFields.requireSame("domainType", in.domainType, current.domainType);
        IgnoredFields.requireSame("domainIdentifier", in.domainIdentifier, current.domainIdentifier);
        IgnoredFields.requireSame("domainName", in.domainName, current.domainName);
        IgnoredFields.requireSame("subjectId", in.subjectId, current.subjectId);
        IgnoredFields.requireSame("subject", in.subject, current.subject);
        IgnoredFields.requireSame("active", in.active, current.active);
        IgnoredFields.requireSame("createdAt", in.createdAt, current.createdAt);
        IgnoredFields.requireSame("createdBy", in.createdBy, current.createdBy);
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        ctx.see(Target.ASSIGNMENT, id);
        ctx.require((p, c) -> p.canRevoke(c, id), "ROLE_REVOKE", "assignment", id);
        return ctx.writeNoContent(() -> ctx.directory.assignments().revoke(ctx.caller, id));
    }
}
