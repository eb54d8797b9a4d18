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
import org.kcedu.directory.model.SubjectRep;

/** {@code /kc-edu/subjects}. */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SubjectsResource {

    private final DirectoryContext ctx;

    SubjectsResource(DirectoryContext ctx) {
        this.ctx = ctx;
    }

    /** Every one of the realm's (unpaged); {@code X-Total-Count} as on the paged lists. */
    @GET
    public Response list() {
        ctx.authz.read();
        List<SubjectRep> all = ctx.directory.subjects().list();
        return DirectoryContext.page(all, all::size);
    }

    @GET
    @Path("{subject}")
    public SubjectRep get(@PathParam("subject") String subject) {
        ctx.authz.read();
        return ctx.directory.subjects().get(subject);
    }

    @POST
    public Response create(SubjectRep rep) {
        ctx.require(AccessPolicy::canManageVocabulary, "SUBJECT_CREATE", "subject", null);
        SubjectRep out = ctx.write(() -> ctx.directory.subjects().create(ctx.caller, body(rep)));
        return DirectoryContext.created(out.id, out);
    }

    @PUT
    @Path("{subject}")
    public SubjectRep update(@PathParam("subject") String subject, SubjectRep rep) {
        ctx.require(AccessPolicy::canManageVocabulary, "SUBJECT_UPDATE", "subject", subject);
        return ctx.write(() -> ctx.directory.subjects().update(ctx.caller, subject, body(rep)));
    }

    @DELETE
    @Path("{subject}")
    public Response delete(@PathParam("subject") String subject) {
        ctx.require(AccessPolicy::canManageVocabulary, "SUBJECT_DELETE", "subject", subject);
        return ctx.writeNoContent(() -> ctx.directory.subjects().delete(ctx.caller, subject));
    }
}
