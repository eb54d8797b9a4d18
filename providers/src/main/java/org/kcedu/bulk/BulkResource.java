package org.kcedu.bulk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;


import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.apache.commons.io.input.BoundedInputStream;
import org.kcedu.authz.AccessPolicy;
import org.kcedu.authz.Authorization;
import org.kcedu.authz.Decision;
import org.kcedu.authz.RealmRoleAccessPolicy;
import org.kcedu.authz.Scope;
import org.kcedu.bulk.csv.BulkCsv;
import org.kcedu.bulk.csv.BulkFileFormat;
import org.kcedu.bulk.csv.BulkCsvWriter;
import org.kcedu.bulk.csv.BulkXlsxWriter;
import org.kcedu.bulk.job.EduBulkJobEntity;
import org.kcedu.bulk.users.SetPasswordEmails;
import org.kcedu.bulk.users.UsersHandler;
import org.kcedu.core.ApiError;
import org.kcedu.core.BearerAuth;
import org.kcedu.core.Caller;
import org.kcedu.directory.Directory;
import org.kcedu.directory.DomainKey;
import org.keycloak.http.FormPartValue;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * {@code /realms/{realm}/kc-edu/bulk}: CSV and XLSX import jobs and streamed exports, one file kind per {@code {entity}}.
 * Every call needs a bearer token of the realm (401) whose user holds realm role {@code kc-edu-admin} (403);
 * per-row rules are applied by the job's {@link RowAuthorizer}.
 */
public class BulkResource {

    /** The authenticated caller of this request (set by {@link #authorize}). */
    private Caller caller;

    private static final String CSV_UTF8 = BulkCsv.MEDIA_TYPE + "; charset=UTF-8";

    private final KeycloakSession session;

    public BulkResource(KeycloakSession session) {
        this.session = session;
    }

    /** Upload as the raw request body. */
    @POST
    @Path("{entity}/imports")
    @Consumes({"text/csv", "application/csv", "text/plain", MediaType.APPLICATION_OCTET_STREAM,
            BulkFileFormat.XLSX_MEDIA_TYPE})
    @Produces(MediaType.APPLICATION_JSON)
    public Response importBody(@PathParam("entity") String entity, @QueryParam("dryRun") boolean dryRun,
                               @QueryParam("fileName") String fileName,
                               @QueryParam("setPasswordEmail") boolean setPasswordEmail, InputStream body) {
        Caller caller = authorize("BULK_IMPORT", entity);
        EntityHandler handler = handler(entity);
        refuseDeclaredOversize();
        MediaType type = session.getContext().getHttpRequest().getHttpHeaders().getMediaType();
        boolean xlsx = type != null && BulkFileFormat.XLSX_MEDIA_TYPE.equalsIgnoreCase(type.getType() + "/"
                + type.getSubtype());
        return submit(caller, handler, options(handler, dryRun, fileName, setPasswordEmail, xlsx), body);
    }

    /** Upload as a multipart form with the file in part {@code file}. */
    @POST
    @Path("{entity}/imports")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public Response importMultipart(@PathParam("entity") String entity, @QueryParam("dryRun") boolean dryRun,
                                    @QueryParam("setPasswordEmail") boolean setPasswordEmail) {
        Caller caller = authorize("BULK_IMPORT", entity);
        EntityHandler handler = handler(entity);
        refuseDeclaredOversize();
        var parts = session.getContext().getHttpRequest().getMultiPartFormParameters();
        FormPartValue file = parts == null ? null : parts.getFirst("file");
        if (file == null) {
            throw ApiError.badRequest("file", "multipart upload needs the CSV or XLSX file in a part named 'file'");
        }
        boolean isDry = dryRun || formFlag(parts.getFirst("dryRun"));
        boolean mail = setPasswordEmail || formFlag(parts.getFirst("setPasswordEmail"));
        return submit(caller, handler, options(handler, isDry, null, mail, false), file.asInputStream());
    }

    private static boolean formFlag(FormPartValue part) {
        return part != null && Boolean.parseBoolean(part.asString().trim());
    }

    private static BulkService.ImportOptions options(EntityHandler handler, boolean dryRun, String fileName,
                                                     boolean setPasswordEmail, boolean declaredXlsx) {
        if (setPasswordEmail && !UsersHandler.KIND.equals(handler.kind())) {
            throw ApiError.badRequest("setPasswordEmail", "only an import of users can send the set-password e-mail");
        }
        return new BulkService.ImportOptions(dryRun, fileName, setPasswordEmail, declaredXlsx);
    }

    private Response submit(Caller caller, EntityHandler handler, BulkService.ImportOptions options, InputStream body) {
        try {
            EduBulkJobEntity job = service().submit(BulkActor.of(caller), handler, options, body);
            return Response.status(Response.Status.ACCEPTED).type(MediaType.APPLICATION_JSON_TYPE)
                    .header("Location", baseUrl() + "/" + job.entity + "/imports/" + job.id)
                    .entity(BulkJobRepresentation.of(job, baseUrl())).build();
        } catch (BulkService.UploadTooLargeException e) {
            throw tooLarge();
        } catch (BulkService.UploadRefusedException e) {
            throw new WebApplicationException(e.tooLarge()
                    ? ApiError.response(Response.Status.REQUEST_ENTITY_TOO_LARGE, "payload_too_large", "file",
                            e.getMessage())
                    : ApiError.response(Response.Status.BAD_REQUEST, "invalid_request", "file", e.getMessage()));
        } catch (IOException e) {
            throw new WebApplicationException(ApiError.response(Response.Status.BAD_REQUEST, "invalid_request",
                    "file", "the upload could not be read: " + e.getMessage()));
        }
    }

    @GET
    @Path("{entity}/imports/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public BulkJobRepresentation status(@PathParam("entity") String entity, @PathParam("id") String id) {
        authorize("BULK_STATUS", entity);
        EduBulkJobEntity job = job(entity, id);
        Long pending = job.setPasswordEmail ? SetPasswordEmails.pending(session, caller.realm(), job.id) : null;
        return BulkJobRepresentation.of(job, baseUrl(), pending);
    }

    /**
     * Sends the set-password e-mail to up to {@code max} (default 50, at most 200) users the job created and marked,
     * within this node's e-mail rate; repeat until {@code pending} is 0. 429 with Retry-After when the rate allows
     * none now. Only for imports submitted with {@code setPasswordEmail=true}; callable while the import runs.
     */
    @POST
    @Path("{entity}/imports/{id}/set-password-emails")
    @Produces(MediaType.APPLICATION_JSON)
    public Response sendSetPasswordEmails(@PathParam("entity") String entity, @PathParam("id") String id,
                                          @QueryParam("max") Integer max) {
        Caller caller = authorize("BULK_IMPORT", entity);
        EduBulkJobEntity job = job(entity, id);
        if (!job.setPasswordEmail || job.dryRun) {
            throw ApiError.badRequest("setPasswordEmail", "job " + id + " was not submitted with setPasswordEmail=true"
                    + (job.dryRun ? " (and is a dry-run)" : ""));
        }
        int limit = max == null ? 50 : Math.max(1, Math.min(200, max));
        SetPasswordEmails.Result result = SetPasswordEmails.send(session, caller, job.id, limit, service().mailRate());
        if (result.sent() == 0 && result.failed() == 0 && result.pending() > 0 && result.retryAfterSeconds() > 0) {
            return Response.status(Response.Status.TOO_MANY_REQUESTS)
                    .header("Retry-After", String.valueOf(result.retryAfterSeconds()))
                    .type(MediaType.APPLICATION_JSON_TYPE).entity(result).build();
        }
        return Response.ok(result, MediaType.APPLICATION_JSON_TYPE).build();
    }

    @POST
    @Path("{entity}/imports/{id}/resume")
    @Produces(MediaType.APPLICATION_JSON)
    public Response resume(@PathParam("entity") String entity, @PathParam("id") String id) {
        authorize("BULK_IMPORT", entity);
        EduBulkJobEntity job = job(entity, id);
        if (!service().resume(job)) {
            throw ApiError.conflict("id", "job " + id + " is " + job.status
                    + (job.status.equals("COMPLETED") ? "" : " and its upload is gone; submit the file again"));
        }
        return Response.status(Response.Status.ACCEPTED).entity(BulkJobRepresentation.of(job, baseUrl())).build();
    }

    /** The error report, as CSV or (by {@code Accept} or {@code format=xlsx}) as an XLSX workbook. */
    @GET
    @Path("{entity}/imports/{id}/errors")
    @Produces({CSV_UTF8, BulkFileFormat.XLSX_MEDIA_TYPE})
    public Response errors(@PathParam("entity") String entity, @PathParam("id") String id,
                           @QueryParam("format") String format) {
        authorize("BULK_STATUS", entity);
        BulkFileFormat as = format(format);
        EduBulkJobEntity job = job(entity, id);
        java.nio.file.Path report = service().errorReport(job.id);
        long length = job.errorBytes; // only what committed batches reported
        if (length == 0 || !Files.exists(report)) {
            throw ApiError.notFound("error report of job", id + " (not written yet)");
        }
        StreamingOutput out = os -> {
            try (InputStream in = BoundedInputStream.builder().setInputStream(Files.newInputStream(report))
                    .setMaxCount(length).get()) {
                if (as == BulkFileFormat.XLSX) {
                    BulkXlsxWriter.transcode(in, os); // stored as CSV: batches append to it and truncate on retry
                } else {
                    in.transferTo(os);
                }
            }
        };
        return Response.ok(out, as.contentType())
                .header("Content-Disposition", "attachment; filename=\"" + entity + "-" + id + "-errors."
                        + as.extension() + "\"")
                .build();
    }

    /**
     * CSV unless the caller asks for XLSX: {@code format=csv|xlsx} wins; otherwise the first type of {@code Accept}
     * (by preference) that is CSV or XLSX; {@code *}{@code /*} or none is CSV.
     */
    private BulkFileFormat format(String format) {
        if (format != null) {
            BulkFileFormat f = BulkFileFormat.named(format);
            if (f == null) {
                throw ApiError.badRequest("format", "format must be csv or xlsx, not '" + format + "'");
            }
            return f;
        }
        for (MediaType m : session.getContext().getHttpRequest().getHttpHeaders().getAcceptableMediaTypes()) {
            String t = (m.getType() + "/" + m.getSubtype()).toLowerCase(java.util.Locale.ROOT);
            if (t.equals(BulkFileFormat.XLSX_MEDIA_TYPE)) {
                return BulkFileFormat.XLSX;
            }
            if (t.equals("text/csv") || t.equals("text/*") || t.equals("*/*")) {
                return BulkFileFormat.CSV;
            }
        }
        return BulkFileFormat.CSV;
    }

    @GET
    @Path("{entity}/export")
    @Produces({CSV_UTF8, BulkFileFormat.XLSX_MEDIA_TYPE})
    public Response export(@PathParam("entity") String entity, @QueryParam("domain") String domain,
                           @QueryParam("domainId") String domainId, @QueryParam("format") String format) {
        EntityHandler handler = handler(authorizeExport(entity));
        BulkFileFormat as = format(format);
        Authorization authz = new Authorization(session, caller);
        Scope callerScope = authz.scope();
        boolean filtered = (domain != null && !domain.isBlank()) || (domainId != null && !domainId.isBlank());
        if (filtered) {
            String field = domainId != null && !domainId.isBlank() ? "domainId" : "domain";
            if (!handler.filtersByDomain()) {
                throw ApiError.badRequest(field, entity + " are realm-wide: their export cannot be limited to a domain");
            }
            String id = new Directory(session, caller.realm()).domains().idOf(domainId, domain, field);
            Scope narrowed = authz.scopeWithin(id);
            if (!callerScope.unrestricted() && narrowed.isEmpty()) {
                // neither in nor above the admin's subtrees: answered exactly like a domain that does not exist
                throw ApiError.badRequest(field, "Unknown domain " + ("domainId".equals(field) ? domainId
                        : DomainKey.parse(domain, field).toString()));
            }
            callerScope = narrowed;
        }
        Scope scope = callerScope;
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = caller.realm().getId();
        StreamingOutput out = os -> {
            if (as == BulkFileFormat.XLSX) {
                BulkXlsxWriter writer = new BulkXlsxWriter(os);
                try {
                    handler.export(factory, realmId, scope, writer);
                } catch (IOException | RuntimeException e) {
                    writer.abort();
                    throw e;
                }
                writer.close(); // writes the workbook out; nothing was sent before
            } else {
                BulkCsvWriter writer = new BulkCsvWriter(os);
                handler.export(factory, realmId, scope, writer);
                writer.flush(); // not closed: the response stream is the container's
            }
        };
        return Response.ok(out, as.contentType())
                .header("Content-Disposition", "attachment; filename=\"" + entity + "." + as.extension() + "\"")
                .build();
    }

    /**
     * Exports of kinds that can be scoped or that every admin may list anyway (users, domains, assignments, group
     * memberships; subjects, roles): any directory reader, each seeing only their scope. Other kinds: callers who may
     * read everything.
     */
    private String authorizeExport(String entity) {
        Caller caller = BearerAuth.authenticate(session);
        Authorization authz = new Authorization(session, caller);
        EntityHandler handler = service().handler(entity);
        authz.require(p -> mayExport(p, caller, entity, handler), "BULK_EXPORT", "bulk", entity);
        this.caller = caller;
        return entity;
    }

    /** The export rule of {@link #authorizeExport}, also asked by the console's capability answer ({@code GET /me}). */
    public static Decision mayExport(AccessPolicy policy, Caller caller, String entity, EntityHandler handler) {
        if (handler != null && handler.scopedExport()) {
            return policy.canReadDirectory(caller);
        }
        return policy.scope(caller).unrestricted() ? Decision.allow() : Decision.deny("export_needs_full_read",
                "Exporting all " + entity + " needs realm role kc-edu-admin or kc-edu-viewer");
    }

    /**
     * Imports: any admin (rows are then checked one by one by the same policy as the REST API). Exports: see
     * {@link #authorizeExport}. Job status and error reports: see {@link #job}.
     */
    private Caller authorize(String action, String entity) {
        Caller caller = BearerAuth.authenticate(session);
        Authorization authz = new Authorization(session, caller);
        authz.require(p -> p.canCreateUser(caller), action, "bulk", entity);
        this.caller = caller;
        return caller;
    }

    private EntityHandler handler(String entity) {
        EntityHandler handler = service().handler(entity);
        if (handler == null) {
            throw ApiError.notFound("bulk file kind", entity);
        }
        return handler;
    }

    /** A job of this realm and kind, visible only to the admin who submitted it and to realm administrators. */
    private EduBulkJobEntity job(String entity, String id) {
        EduBulkJobEntity job = service().job(id);
        if (job == null || !job.realmId.equals(session.getContext().getRealm().getId()) || !job.entity.equals(entity)
                || !(job.actorUserId.equals(caller.userId()) || caller.hasRealmRole(RealmRoleAccessPolicy.ADMIN))) {
            throw ApiError.notFound("import job", id);
        }
        return job;
    }

    private void refuseDeclaredOversize() {
        String length = session.getContext().getHttpRequest().getHttpHeaders().getHeaderString("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > service().config().maxUploadBytes()) {
                    throw tooLarge();
                }
            } catch (NumberFormatException ignored) {
                // let the streaming limit decide
            }
        }
    }

    private WebApplicationException tooLarge() {
        return new WebApplicationException(ApiError.response(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                "payload_too_large", "file", "the upload is larger than the limit of " + limitText(
                        service().config().maxUploadBytes()) + "; split the file into smaller files"));
    }

    /** E.g. {@code 209715200 bytes (200 MiB)}. */
    static String limitText(long bytes) {
        long mib = bytes / (1024 * 1024);
        return bytes + " bytes" + (mib > 0 && mib * 1024 * 1024 == bytes ? " (" + mib + " MiB)" : "");
    }

    private BulkService service() {
        return session.getProvider(BulkService.class);
    }

    private String baseUrl() {
        return session.getContext().getUri().getBaseUri().toString().replaceAll("/$", "")
                + "/realms/" + session.getContext().getRealm().getName() + "/kc-edu/bulk";
    }
}
