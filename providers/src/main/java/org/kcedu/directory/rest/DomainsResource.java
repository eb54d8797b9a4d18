package org.kcedu.directory.rest;

import static org.kcedu.directory.Paging.first;
import static org.kcedu.directory.Paging.max;
import static org.kcedu.directory.rest.DomainTypesResource.body;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import org.kcedu.directory.model.AssignmentRep;
import org.kcedu.directory.model.DomainRep;
import org.kcedu.directory.model.MoveRep;

/**
 * {@code /kc-edu/domains}: the institutional hierarchy. Domains are addressed by id or by type + external identifier
 * ({@code by-identifier/DISTRICT/D001}), which also supports create-or-update for synchronisation (§3.2.5).
 * Updates take the version read before, in the body or as {@code If-Match: "3"}; a stale version is 409.
 */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DomainsResource {

    private final DirectoryContext ctx;

    DomainsResource(DirectoryContext ctx) {
        this.ctx = ctx;
    }

    /** The list, with its total (scoped like the list) in {@code X-Total-Count}. */
    @GET
    public Response search(@QueryParam("type") String type, @QueryParam("search") String search,
                           @QueryParam("identifier") String identifier, @QueryParam("first") Integer first,
                           @QueryParam("max") Integer max) {
        ctx.authz.read();
        var scope = ctx.authz.scope();
        return DirectoryContext.page(ctx.directory.domains().search(scope, type, search, identifier, first(first), max(max)),
                () -> ctx.directory.domains().countSearch(scope, type, search, identifier));
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        view(id);
        DomainRep d = ctx.directory.domains().get(id);
        return Response.ok(d).header("ETag", "\"" + d.version + "\"").build();
    }

    @GET
    @Path("by-identifier/{type}/{identifier}")
    public Response getByIdentifier(@PathParam("type") String type, @PathParam("identifier") String identifier) {
        ctx.authz.read();
        DomainRep d = ctx.directory.domains().getByIdentifier(type, identifier);
        // invisible answers like absent: the by-identifier "does not exist", not the by-id one
        ctx.authz.see(Target.DOMAIN, d.id, () -> ApiError.notFound("Domain", d.type + ":" + identifier));
        return Response.ok(d).header("ETag", "\"" + d.version + "\"").build();
    }

    /** Create-or-update by external identifier: what a nightly sync from the state's system calls. */
    @PUT
    @Path("by-identifier/{type}/{identifier}")
    public Response upsertByIdentifier(@PathParam("type") String type, @PathParam("identifier") String identifier,
                                       @HeaderParam("If-Match") String ifMatch, @QueryParam("cascade") boolean cascade,
                                       DomainRep rep) {
        ctx.authz.read();
        DomainRep existing;
        try {
            existing = ctx.directory.domains().getByIdentifier(type, identifier);
        } catch (jakarta.ws.rs.WebApplicationException notFound) {
            existing = null;
        }
        if (existing != null && !ctx.authz.sees(Target.DOMAIN, existing.id)) {
            existing = null; // answered like an absent one: a create, refused unless the parent is the caller's
        }
        DomainRep in = body(rep);
        if (existing != null) {
            return Response.ok(update(existing.id, ifMatch, cascade, in)).build();
        }
        in.type = type;
        in.identifier = identifier;
        return create(in);
    }

    @POST
    public Response create(DomainRep rep) {
        DomainRep in = answerOnly(body(rep));
        ctx.namedDomain(in.parentId, in.parentType, in.parentIdentifier, "parentId");
        String parentId = ctx.directory.domains().resolveParentId(in.parentId, in.parentType, in.parentIdentifier);
        ctx.require((p, c) -> p.canManageDomain(c, parentId), "DOMAIN_CREATE", "domain", parentId);
        DomainRep out = ctx.write(() -> ctx.directory.domains().create(ctx.caller, in));
        return DirectoryContext.created(out.id, out);
    }

    @PUT
    @Path("{id}")
    public DomainRep update(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
                            @QueryParam("cascade") boolean cascade, DomainRep rep) {
        view(id);
        DomainRep in = answerOnly(body(rep));
        IgnoredFields.requireSame("id", in.id, id);
        boolean moves = in.parentId != null || in.parentIdentifier != null;
        if (moves) {
            ctx.namedDomain(in.parentId, in.parentType, in.parentIdentifier, "parentId");
        }
        ctx.require((p, c) -> p.canEditDomain(c, id), "DOMAIN_UPDATE", "domain", id);
        if (moves) {
            String parentId = ctx.directory.domains().resolveParentId(in.parentId, in.parentType, in.parentIdentifier);
            ctx.require((p, c) -> p.canManageDomain(c, parentId), "DOMAIN_MOVE", "domain", id);
        }
        // cascade=true (deactivating the subtree) needs no more: editing the domain, strictly below the admin's own
        // domain, already covers its whole subtree
        return ctx.write(() -> ctx.directory.domains().update(ctx.caller, id, in, version(ifMatch), cascade));
    }

    /** {@code warnings} and {@code deactivatedDescendants} are only ever answered: sending them is a 400. */
    private static DomainRep answerOnly(DomainRep in) {
        IgnoredFields.requireSame("warnings", in.warnings, null);
        IgnoredFields.requireSame("deactivatedDescendants", in.deactivatedDescendants, null);
        return in;
    }

    @POST
    @Path("{id}/move")
    public DomainRep move(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, MoveRep rep) {
        view(id);
        MoveRep in = body(rep);
        ctx.namedDomain(in.parentId, in.parentType, in.parentIdentifier, "parentId");
        String parentId = ctx.directory.domains().resolveParentId(in.parentId, in.parentType, in.parentIdentifier);
        ctx.require((p, c) -> p.canEditDomain(c, id), "DOMAIN_MOVE", "domain", id);
        ctx.require((p, c) -> p.canManageDomain(c, parentId), "DOMAIN_MOVE", "domain", id);
        Integer v = version(ifMatch);
        return ctx.write(() -> ctx.directory.domains().move(ctx.caller, id, parentId, v != null ? v : in.version));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @QueryParam("cascade") boolean cascade) {
        view(id);
        ctx.require((p, c) -> p.canEditDomain(c, id), "DOMAIN_DELETE", "domain", id);
        return ctx.writeNoContent(() -> ctx.directory.domains().delete(ctx.caller, id, cascade));
    }

    @GET
    @Path("{id}/ancestors")
    public Response ancestors(@PathParam("id") String id) {
        view(id);
        List<DomainRep> all = ctx.directory.domains().ancestors(id);
        return DirectoryContext.page(all, all::size);
    }

    @GET
    @Path("{id}/children")
    public Response children(@PathParam("id") String id, @QueryParam("first") Integer first,
                             @QueryParam("max") Integer max) {
        // a visible domain's children are all inside the caller's scope: the count needs no scope condition
        view(id);
        return DirectoryContext.page(ctx.directory.domains().children(id, first(first), max(max)),
                () -> ctx.directory.domains().countChildren(id));
    }

    @GET
    @Path("{id}/descendants")
    public Response descendants(@PathParam("id") String id, @QueryParam("type") String type,
                                @QueryParam("includeInactive") @DefaultValue("true") boolean includeInactive,
                                @QueryParam("depth") Integer depth,
                                @QueryParam("first") Integer first, @QueryParam("max") Integer max) {
        view(id);
        return DirectoryContext.page(ctx.directory.domains().descendants(id, type, includeInactive, depth, first(first), max(max)),
                () -> ctx.directory.domains().countDescendants(id, type, includeInactive, depth));
    }

    @GET
    @Path("{id}/assignments")
    public Response assignments(@PathParam("id") String id, @QueryParam("subtree") boolean subtree,
                                @QueryParam("first") Integer first, @QueryParam("max") Integer max) {
        view(id);
        var scope = ctx.authz.scope();
        return DirectoryContext.page(ctx.directory.assignments().ofDomain(id, subtree, scope, first(first), max(max)),
                () -> ctx.directory.assignments().countOfDomain(id, subtree, scope));
    }

    private void view(String id) {
        ctx.see(Target.DOMAIN, id);
    }

    static Integer version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String v = ifMatch.trim().replace("W/", "").replace("\"", "");
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("If-Match", "Expected the ETag of a GET, e.g. \"3\"");
        }
    }
}
