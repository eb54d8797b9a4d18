package org.kcedu.directory.rest;

import static org.kcedu.directory.Paging.first;
import static org.kcedu.directory.Paging.max;
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

import org.kcedu.core.ApiError;
import org.kcedu.authz.AccessPolicy;
import org.kcedu.authz.Target;
import org.kcedu.directory.DirectoryUsers;
import org.kcedu.directory.UserAdoption;
import org.kcedu.directory.ResolvedAssignment;
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

    /**
     * Users in the caller's scope: prefix {@code search}, exact {@code email} (case-insensitive) and exact
     * {@code externalId}, combinable; the header {@code X-Total-Count} gives how many match in all (same scope), up
     * to {@code first} + 10,000: beyond, it is that number and {@code X-Total-Count-Capped: true} says there are more.
     */
    @GET
    public Response search(@QueryParam("search") String search, @QueryParam("domain") String domain,
                           @QueryParam("subtree") @jakarta.ws.rs.DefaultValue("true") boolean subtree,
                           @QueryParam("email") String email, @QueryParam("externalId") String externalId,
                           @QueryParam("first") Integer first, @QueryParam("max") Integer max) {
        ctx.authz.read();
        if (domain != null) {
            ctx.see(Target.DOMAIN, domain);
        }
        var filter = new DirectoryUsers.Filter(search, blankToNull(email), blankToNull(externalId), domain, subtree);
        var scope = ctx.authz.scope();
        int from = first(first);
        int size = max(max);
        var matches = ctx.directory.users().matches(scope, filter);
        List<UserRep> page = matches.page(from, size);
        // capped: a common term at 2M users matches tens of thousands, and an exact count of them cost more than
        // the page (docs/performance.md); the cap is counted with the same scope, so it reveals nothing more
        return DirectoryContext.page(page, from, size, matches::countUpTo);
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }

    @GET
    @Path("{id}")
    public UserRep get(@PathParam("id") String id) {
        ctx.see(Target.USER, id);
        UserRep user = ctx.directory.users().get(id);
        user.hasRolesOutside = !ctx.authz.policy().canChangeEmail(ctx.caller, id).allowed();
        return user;
    }

    /**
     * Creates a user together with at least one assignment; every assignment is authorized like a grant. When the
     * e-mail belongs to an existing account the caller cannot see, that account is adopted instead ({@link
     * UserAdoption}): it gains the assignments and nothing else, and the answer looks like the one for a new account.
     */
    @POST
    public Response create(UserRep rep) {
        UserRep in = body(rep);
        ctx.require(AccessPolicy::canCreateUser, "USER_CREATE", "user", null);
        if (in.id != null) {
            throw ApiError.badRequest("id", "A new user's id is chosen by Keycloak: leave id out");
        }
        List<ResolvedAssignment> resolved = new ArrayList<>();
        if (in.assignments != null) {
            for (AssignmentRep a : in.assignments) {
                if (a.userId != null || a.groupId != null) {
                    throw ApiError.badRequest(a.userId != null ? "assignments.userId" : "assignments.groupId",
                            "The assignments of a new user are the user's: leave userId and groupId out");
                }
                ctx.namedDomain(a.domainId, a.domainType, a.domainIdentifier, "domainId");
                ResolvedAssignment r = ctx.directory.assignments().resolve(a, "new-user");
                ctx.require((p, c) -> p.canGrant(c, r.roleId(), r.domainId(), r.subjectId()), "ROLE_GRANT", "user", null);
                resolved.add(r);
            }
        }
        // every 400 a new account could get comes before the e-mail is looked up: no answer depends on it
        org.kcedu.directory.DirectoryUsers.checkNew(in, resolved);
        UserAdoption adoption = new UserAdoption(ctx.session, ctx.caller.realm(), ctx.authz);
        var hidden = adoption.hiddenAccount(in.email);
        UserRep out = hidden != null
                ? ctx.write(() -> adoption.adopt(ctx.directory.assignments(), ctx.caller, hidden, in, resolved))
                : ctx.write(() -> ctx.directory.users().create(ctx.caller, in, resolved));
        return DirectoryContext.created(out.id, out);
    }

    @PUT
    @Path("{id}")
    public UserRep update(@PathParam("id") String id, UserRep rep) {
        ctx.see(Target.USER, id);
        UserRep in = body(rep);
        UserRep current = ctx.directory.users().get(id);
        IgnoredFields.requireSame("id", in.id, id);
        if (in.assignments != null) {
            throw ApiError.badRequest("assignments", "PUT users/{id} does not change assignments: use"
                    + " POST/PUT/DELETE assignments");
        }
        if (in.hasRolesOutside != null
                && in.hasRolesOutside != !ctx.authz.policy().canChangeEmail(ctx.caller, id).allowed()) {
            throw ApiError.badRequest("hasRolesOutside", "hasRolesOutside is computed by kc-edu and cannot be set");
        }
        if ((in.firstName != null && !in.firstName.equals(current.firstName))
                || (in.lastName != null && !in.lastName.equals(current.lastName))) {
            ctx.require((p, c) -> p.canUpdateUserNames(c, id), "USER_UPDATE", "user", id);
        }
        if (in.externalId != null && !java.util.Objects.equals(DirectoryUsers.externalId(in.externalId), current.externalId)) {
            ctx.require((p, c) -> p.canManageUser(c, id), "USER_UPDATE", "user", id);
        }
        if (in.enabled != null && !in.enabled.equals(current.enabled)) {
            ctx.require((p, c) -> p.canManageUser(c, id), in.enabled ? "USER_ENABLE" : "USER_DISABLE", "user", id);
        }
        if (in.username != null && !in.username.trim().toLowerCase(Locale.ROOT).equals(current.username)) {
            // the username is a login identifier like the e-mail: same anti-hijack rule
            ctx.require((p, c) -> p.canChangeEmail(c, id), "USERNAME_CHANGE", "user", id);
        }
        if (in.email != null && !in.email.trim().toLowerCase(Locale.ROOT).equals(current.email)) {
            ctx.require((p, c) -> p.canChangeEmail(c, id), "EMAIL_CHANGE", "user", id);
        }
        return ctx.write(() -> ctx.directory.users().update(ctx.caller, id, in));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        ctx.see(Target.USER, id);
        ctx.require((p, c) -> p.canManageUser(c, id), "USER_DELETE", "user", id);
        return ctx.writeNoContent(() -> ctx.directory.users().delete(ctx.caller, id));
    }

    /**
     * Sends the user a limited-lifetime, single-purpose link to set a new password, naming the calling admin (§5.2.1).
     * Any admin who can see the user may ask; the link goes only to the user's current e-mail address.
     */
    @POST
    @Path("{id}/reset-password-email")
    public Response resetPasswordEmail(@PathParam("id") String id) {
        view(id);
        org.kcedu.authz.PasswordResetMail.send(ctx.session, ctx.caller, ctx.directory.users().model(id));
        return Response.accepted(java.util.Map.of("status", "sent")).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("{id}/assignments")
    public Response assignments(@PathParam("id") String id, @QueryParam("first") Integer first,
                                @QueryParam("max") Integer max) {
        view(id);
        var scope = ctx.authz.scope();
        return DirectoryContext.page(ctx.directory.assignments().ofHolder(id, null, scope, first(first), max(max)),
                () -> ctx.directory.assignments().countOfHolder(id, null, scope));
    }

    @GET
    @Path("{id}/groups")
    public Response groups(@PathParam("id") String id) {
        view(id);
        List<GroupRep> visible = ctx.directory.groups().ofUser(id, ctx.authz.scope());
        return DirectoryContext.page(visible, visible::size);
    }

    private void view(String id) {
        ctx.see(Target.USER, id);
    }
}
