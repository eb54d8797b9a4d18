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

import org.kcedu.authz.Target;
import org.kcedu.directory.model.AssignmentRep;
import org.kcedu.directory.model.GroupRep;
import org.kcedu.directory.model.UserRep;

/** {@code /kc-edu/groups} (§9): groups, their members and their role assignments. */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class GroupsResource {

    private final DirectoryContext ctx;

    GroupsResource(DirectoryContext ctx) {
        this.ctx = ctx;
    }

    /** The list, with its total (scoped like the list) in {@code X-Total-Count}. */
    @GET
    public Response search(@QueryParam("domain") String domain, @QueryParam("search") String search,
                           @QueryParam("first") Integer first, @QueryParam("max") Integer max) {
        ctx.authz.read();
        var scope = ctx.authz.scope();
        return DirectoryContext.page(ctx.directory.groups().search(scope, domain, search, first(first), max(max)),
                () -> ctx.directory.groups().countSearch(scope, domain, search));
    }

    @GET
    @Path("{id}")
    public GroupRep get(@PathParam("id") String id) {
        view(id);
        return ctx.directory.groups().get(id);
    }

    @POST
    public Response create(GroupRep rep) {
        GroupRep in = body(rep);
        ctx.namedDomain(in.domainId, in.domainType, in.domainIdentifier, "parentId");
        String domain = ctx.directory.domains().resolveParentId(in.domainId, in.domainType, in.domainIdentifier);
        ctx.require((p, c) -> p.canManageGroup(c, domain), "GROUP_CREATE", "domain", domain);
        GroupRep out = ctx.write(() -> ctx.directory.groups().create(ctx.caller, in));
        return DirectoryContext.created(out.id, out);
    }

    @PUT
    @Path("{id}")
    public GroupRep update(@PathParam("id") String id, GroupRep rep) {
        ctx.see(Target.GROUP, id);
        GroupRep in = body(rep);
        IgnoredFields.requireSame("id", in.id, id);
        manage(id, "GROUP_UPDATE");
        if (in.domainId != null || in.domainIdentifier != null) {
            ctx.namedDomain(in.domainId, in.domainType, in.domainIdentifier, "parentId");
            String domain = ctx.directory.domains().resolveParentId(in.domainId, in.domainType, in.domainIdentifier);
            ctx.require((p, c) -> p.canManageGroup(c, domain), "GROUP_UPDATE", "group", id);
        }
        return ctx.write(() -> ctx.directory.groups().update(ctx.caller, id, in));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        manage(id, "GROUP_DELETE");
        return ctx.writeNoContent(() -> ctx.directory.groups().delete(ctx.caller, id));
    }

    @GET
    @Path("{id}/members")
    public Response members(@PathParam("id") String id, @QueryParam("first") Integer first,
                            @QueryParam("max") Integer max) {
        // the members of a visible group hold its assignments, so they are all visible: no scope condition to add
        view(id);
        return DirectoryContext.page(ctx.directory.groups().members(id, first(first), max(max)),
                () -> ctx.directory.groups().countMembers(id));
    }

    @PUT
    @Path("{id}/members/{userId}")
    public Response addMember(@PathParam("id") String id, @PathParam("userId") String userId) {
        manage(id, "GROUP_MEMBER_ADD");
        ctx.see(Target.USER, userId);
        return ctx.writeNoContent(() -> ctx.directory.groups().addMember(ctx.caller, id, userId));
    }

    @DELETE
    @Path("{id}/members/{userId}")
    public Response removeMember(@PathParam("id") String id, @PathParam("userId") String userId) {
        manage(id, "GROUP_MEMBER_REMOVE");
        ctx.see(Target.USER, userId);
        return ctx.writeNoContent(() -> ctx.directory.groups().removeMember(ctx.caller, id, userId));
    }

    @GET
    @Path("{id}/assignments")
    public jakarta.ws.rs.core.Response assignments(@PathParam("id") String id, @QueryParam("first") Integer first,
                                                   @QueryParam("max") Integer max) {
        view(id);
        var scope = ctx.authz.scope();
        return DirectoryContext.page(ctx.directory.assignments().ofHolder(null, id, scope, first(first), max(max)),
                () -> ctx.directory.assignments().countOfHolder(null, id, scope));
    }

    private void view(String id) {
        ctx.see(Target.GROUP, id);
    }

    /** Visible first (invisible answers like absent), then the permission to manage it (403). */
    private void manage(String id, String action) {
        ctx.see(Target.GROUP, id);
        String domain = ctx.directory.groups().domainIdOf(id);
        ctx.require((p, c) -> p.canManageGroup(c, domain), action, "group", id);
    }
}
