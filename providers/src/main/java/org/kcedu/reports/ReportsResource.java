package org.kcedu.reports;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import com.fasterxml.jackson.databind.JsonNode;
import org.kcedu.core.ApiError;
import org.kcedu.core.BearerAuth;
import org.kcedu.core.Caller;
import org.kcedu.authz.Authorization;
import org.kcedu.authz.Decision;
import org.kcedu.authz.Scope;
import org.kcedu.authz.Target;
import org.kcedu.directory.Directory;
import org.kcedu.reports.ActivityReports.Breakdown;
import org.kcedu.reports.ActivityReports.DomainRef;
import org.kcedu.reports.ActivityReports.Row;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * {@code /realms/{realm}/kc-edu/reports}: user activity reports (requirements 8.2, 8.3), each as JSON or, with
 * {@code format=csv}, as a CSV download with the same numbers (8.3.2). Readers: whoever may read the directory; each
 * reports within their own domain only, and a domain outside it answers exactly like one that does not exist.
 */
@Produces(MediaType.APPLICATION_JSON)
public class ReportsResource {

    static final String CSV = "text/csv; charset=UTF-8";
    static final int MAX_TREND_DAYS = 366;

    private final KeycloakSession session;
    private Caller caller;
    private Authorization authz;

    public ReportsResource(KeycloakSession session) {
        this.session = session;
    }

    /**
     * Registered and active users of a domain's subtree, per application, and broken down by the domain's children
     * (or by the descendants at {@code breakdownDepth}, or of type {@code breakdownType}).
     */
    @GET
    @Path("activity")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    public Response activity(@QueryParam("domain") String domain, @QueryParam("domainId") String domainId,
                             @QueryParam("application") String application,
                             @QueryParam("breakdownDepth") String breakdownDepth,
                             @QueryParam("breakdownType") String breakdownType, @QueryParam("format") String format,
                             @QueryParam("source") String source) {
        authenticate();
        onlyParams("domain", "domainId", "application", "breakdownDepth", "breakdownType", "format", "source");
        String wanted = source(source);
        boolean csv = csv(format);
        String app = application(application);
        Breakdown spec = breakdown(breakdownDepth, breakdownType);
        DomainRef d = authorizedDomain(domainId, domain);
        Scope within = authz.scopeWithin(d.id());
        boolean whole = within.unrestricted() || within.roots().contains(new Scope.Root(d.id(), null));
        int activeDays = ReportSettings.activeDays(caller.realm());
        long since = System.currentTimeMillis() - activeDays * 86_400_000L;
        ActivityReports reports = new ActivityReports(session, caller.realm());
        ReportSnapshot.Stamp stamp = snapshotFor(reports, d, spec, whole, activeDays, app, wanted);
        long activeSince = stamp == null ? since : stamp.activeSince();
        Row total = stamp == null ? reports.total(d, within, app, since) : reports.snapshotTotal(d, app);
        String asOf = stamp == null ? "" : Instant.ofEpochMilli(stamp.asOf()).toString();
        if (!csv) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("domain", domainJson(d));
            body.put("application", app);
            body.put("activeDays", activeDays);
            body.put("activeSince", Instant.ofEpochMilli(activeSince).toString());
            body.put("source", stamp == null ? "live" : "snapshot");
            if (stamp != null) {
                body.put("asOf", asOf);
            }
            body.put("registered", total.registered());
            body.put("active", total.active());
            body.put("applications", (stamp == null ? reports.perApplication(within, since)
                    : new ReportSnapshot(session).perApplication(caller.realm().getId(), d.id())).stream()
                    .map(a -> Map.of("application", a.application(), "active", a.active())).toList());
            body.put("breakdown", (stamp == null ? reports.breakdown(d.id(), spec, within, whole, app, since)
                    : reports.snapshotBreakdown(d.id(), spec, app)).map(this::rowJson).toList());
            return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
        }
        String realmId = caller.realm().getId();
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        StreamingOutput out = os -> {
            try (ReportCsv w = new ReportCsv(os)) {
                w.row(List.of("level", "domainId", "domainType", "domainIdentifier", "domainName", "application",
                        "activeDays", "activeSince", "registered", "active", "asOf"));
                w.row(csvRow("total", total, app, activeDays, activeSince, asOf));
                // rows are written while the database streams them: a state's 50,000 schools never sit in memory
                inTransaction(factory, realmId, s -> {
                    ActivityReports r = new ActivityReports(s, s.getContext().getRealm());
                    (stamp == null ? r.breakdown(d.id(), spec, within, whole, app, since)
                            : r.snapshotBreakdown(d.id(), spec, app)).forEach(row -> write(w,
                                    csvRow("breakdown", row, app, activeDays, activeSince, asOf)));
                });
            }
        };
        return download(out, "activity-" + fileName(d) + ".csv");
    }

    /** Daily active users of a domain's subtree per application over the last {@code days} days (default: the active period). */
    @GET
    @Path("daily-active")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    public Response dailyActive(@QueryParam("domain") String domain, @QueryParam("domainId") String domainId,
                                @QueryParam("application") String application, @QueryParam("days") String days,
                                @QueryParam("format") String format) {
        authenticate();
        onlyParams("domain", "domainId", "application", "days", "format");
        boolean csv = csv(format);
        String app = application(application);
        DomainRef d = authorizedDomain(domainId, domain);
        int n = days == null ? Math.min(MAX_TREND_DAYS, ReportSettings.activeDays(caller.realm()))
                : intParam("days", days, 1, MAX_TREND_DAYS);
        int to = LoginBatch.day(System.currentTimeMillis());
        int from = to - n + 1;
        List<ActivityReports.DayRow> rows = new ActivityReports(session, caller.realm())
                .daily(authz.scopeWithin(d.id()), app, from, to);
        if (!csv) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("domain", domainJson(d));
            body.put("application", app);
            body.put("from", LocalDate.ofEpochDay(from).toString());
            body.put("to", LocalDate.ofEpochDay(to).toString());
            body.put("rows", rows.stream().map(r -> Map.of("day", LocalDate.ofEpochDay(r.day()).toString(),
                    "application", r.application(), "activeUsers", r.activeUsers())).toList());
            return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
        }
        StreamingOutput out = os -> {
            try (ReportCsv w = new ReportCsv(os)) {
                w.row(List.of("domainId", "domainType", "domainIdentifier", "domainName", "day", "application", "activeUsers"));
                for (ActivityReports.DayRow r : rows) {
                    w.row(List.of(d.id(), d.type(), d.identifier(), d.name(), LocalDate.ofEpochDay(r.day()).toString(),
                            r.application(), r.activeUsers()));
                }
            }
        };
        return download(out, "daily-active-" + fileName(d) + ".csv");
    }

    /** A user's last login per application (with first login and count), authorized like reading the user. */
    @GET
    @Path("users/{id}/logins")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    public Response userLogins(@PathParam("id") String id, @QueryParam("format") String format) {
        authenticate();
        onlyParams("format");
        boolean csv = csv(format);
        // the opacity rule of GET users/{id}: hidden and absent users answer the same 404
        authz.see(Target.USER, id);
        List<ActivityReports.UserLogins> logins = new ActivityReports(session, caller.realm()).userLogins(id);
        if (!csv) {
            return Response.ok(logins.stream().map(l -> Map.of("application", l.application(),
                    "firstLogin", Instant.ofEpochMilli(l.firstAt()).toString(),
                    "lastLogin", Instant.ofEpochMilli(l.lastAt()).toString(), "logins", l.logins())).toList(),
                    MediaType.APPLICATION_JSON_TYPE).build();
        }
        StreamingOutput out = os -> {
            try (ReportCsv w = new ReportCsv(os)) {
                w.row(List.of("userId", "application", "firstLogin", "lastLogin", "logins"));
                for (ActivityReports.UserLogins l : logins) {
                    w.row(List.of(id, l.application(), Instant.ofEpochMilli(l.firstAt()).toString(),
                            Instant.ofEpochMilli(l.lastAt()).toString(), l.logins()));
                }
            }
        };
        return download(out, "logins-" + id + ".csv");
    }

    /** The applications with login records, for the application filter. */
    @GET
    @Path("applications")
    public List<String> applications() {
        authenticate();
        onlyParams();
        return new ActivityReports(session, caller.realm()).applications();
    }

    @GET
    @Path("settings")
    public Map<String, Object> settings() {
        authenticate();
        onlyParams();
        return settingsJson();
    }

    /** Sets the realm's active period (realm administrators only): {@code {"activeDays": 90}}. */
    @PUT
    @Path("settings")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> updateSettings(JsonNode body) {
        authenticate();
        onlyParams();
        authz.require(p -> p.canManageVocabulary(caller).allowed() ? Decision.allow()
                        : Decision.deny("realm_admin_only", "Only realm administrators change the active period"),
                "REPORT_SETTINGS_UPDATE", "realm", caller.realm().getName());
        if (body == null || !body.isObject()) {
            throw ApiError.badRequest("activeDays", "Send a JSON object, e.g. {\"activeDays\": 90}");
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!f.equals("activeDays")) {
                throw ApiError.badRequest(f, "Unknown setting " + f + " (settable: activeDays)");
            }
        });
        JsonNode days = body.get("activeDays");
        if (days == null || !days.canConvertToInt() || !days.isIntegralNumber()) {
            throw ApiError.badRequest("activeDays", "A whole number of days is required");
        }
        int before = ReportSettings.activeDays(caller.realm());
        ReportSettings.setActiveDays(caller.realm(), days.intValue());
        org.kcedu.audit.AuditTrail.record(session, caller.audit("REPORT_SETTINGS_UPDATE")
                .target("realm", caller.realm().getId()).change("activeDays", before, days.intValue()).build());
        return settingsJson();
    }

    /**
     * Refreshes the realm's report snapshot now (realm administrators only; the aggregator also refreshes it every
     * snapshot interval) and answers when it was taken and how many domains it keeps.
     */
    @POST
    @Path("snapshot")
    public Map<String, Object> refreshSnapshot() {
        authenticate();
        onlyParams();
        authz.require(p -> p.canManageVocabulary(caller).allowed() ? Decision.allow()
                        : Decision.deny("realm_admin_only", "Only realm administrators refresh the report snapshot"),
                "REPORT_SNAPSHOT_REFRESH", "realm", caller.realm().getName());
        long now = System.currentTimeMillis();
        String realmId = caller.realm().getId();
        int activeDays = ReportSettings.activeDays(caller.realm());
        // the aggregator's lock: two refreshes of a realm never run at once, on any node
        var result = session.getProvider(org.keycloak.cluster.ClusterProvider.class).executeIfNotExecuted(
                LoginAggregator.SNAPSHOT_TASK, 900, () -> new ReportSnapshot(session).refresh(realmId, activeDays, now));
        if (!result.isExecuted()) {
            throw new WebApplicationException(Response.status(409).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", "snapshot_refresh_running", "message",
                            "A snapshot refresh is running; try again in a moment")).build());
        }
        int kept = result.getResult();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("asOf", Instant.ofEpochMilli(now).toString());
        m.put("domains", kept);
        return m;
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The snapshot that answers this report, or null for the live query. Only for a caller who sees the whole subtree
     * (a limited scope always gets its exact live count), with the realm's current active period, when the snapshot
     * keeps the domain and every breakdown domain; "auto" also wants a subtree of at least snapshot-min-users users
     * (below that the live query is fast and exact to the second).
     */
    private ReportSnapshot.Stamp snapshotFor(ActivityReports reports, DomainRef d, Breakdown spec, boolean whole,
                                             int activeDays, String app, String wanted) {
        if (!whole || wanted.equals("live")) {
            return null;
        }
        ReportSnapshot.Stamp stamp = new ReportSnapshot(session).stamp(caller.realm().getId());
        if (stamp == null || stamp.activeDays() != activeDays || !reports.snapshotCovers(d.id(), spec)) {
            return null;
        }
        if (wanted.equals("auto") && reports.snapshotTotal(d, app).registered() < ReportSettings.snapshotMinUsers()) {
            return null;
        }
        return stamp;
    }

    private static String source(String source) {
        if (source == null) {
            return "auto";
        }
        if (source.equals("auto") || source.equals("live") || source.equals("snapshot")) {
            return source;
        }
        throw ApiError.badRequest("source", "auto, live or snapshot");
    }

    private Map<String, Object> settingsJson() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("activeDays", ReportSettings.activeDays(caller.realm()));
        s.put("retentionDays", ReportSettings.retentionDays());
        return s;
    }

    private void authenticate() {
        if (caller == null) {
            caller = BearerAuth.authenticate(session);
            authz = new Authorization(session, caller);
            authz.require(p -> p.canReadDirectory(caller), "REPORT_READ", "reports", caller.realm().getName());
        }
    }

    /**
     * The report's domain, by id or TYPE:IDENTIFIER; defaults to the caller's only administrative domain. A domain
     * the caller may not see and one that does not exist get the same 403 (for callers who see everything, an unknown
     * domain is a 400 naming the field).
     */
    private DomainRef authorizedDomain(String domainId, String domain) {
        authenticate();
        String field = domainId != null ? "domainId" : "domain";
        String given = domainId != null ? domainId : domain;
        Scope scope = authz.scope();
        if (given == null || given.isBlank()) {
            if (!scope.unrestricted() && scope.rootDomainIds().size() == 1) {
                given = scope.rootDomainIds().iterator().next();
                domainId = given;
                field = "domainId";
            } else {
                throw ApiError.badRequest("domain", "Required: the report's domain as TYPE:IDENTIFIER (or domainId)");
            }
        }
        String id;
        try {
            id = new Directory(session, caller.realm()).domains().idOf(domainId, domainId == null ? domain : null, field);
        } catch (WebApplicationException unknown) {
            if (scope.unrestricted() || unknown.getResponse().getStatus() != 400 || !isUnknown(unknown)) {
                throw unknown;
            }
            id = null;
        }
        String label = given;
        String known = id;
        authz.require(p -> {
            Decision dec = known == null ? Decision.deny("domain_out_of_scope", null) : p.canViewDomain(caller, known);
            return dec.allowed() ? dec : Decision.deny("domain_out_of_scope",
                    "Domain " + label + " is outside your administrative scope");
        }, "REPORT_READ", "domain", label);
        return new ActivityReports(session, caller.realm()).domain(id);
    }

    private static boolean isUnknown(WebApplicationException e) {
        Object entity = e.getResponse().getEntity();
        return entity instanceof ApiError err && err.message() != null && err.message().startsWith("Unknown domain");
    }

    private Breakdown breakdown(String depth, String type) {
        if (depth != null && type != null) {
            throw ApiError.badRequest("breakdownType", "Give breakdownDepth or breakdownType, not both");
        }
        if (type != null) {
            EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
            List<String> ids = em.createQuery("select t.id from EduDomainTypeEntity t where t.realmId = :realm"
                            + " and t.code = :code", String.class).setParameter("realm", session.getContext().getRealm().getId())
                    .setParameter("code", type.trim().toUpperCase(java.util.Locale.ROOT)).getResultList();
            if (ids.isEmpty()) {
                throw ApiError.badRequest("breakdownType", "Unknown domain type " + type);
            }
            return new Breakdown(0, ids.get(0));
        }
        return depth == null ? Breakdown.CHILDREN : new Breakdown(intParam("breakdownDepth", depth, 1, 20), null);
    }

    private static String application(String application) {
        if (application == null) {
            return null;
        }
        if (application.isBlank() || application.equals(LoginBatch.ALL_APPLICATIONS)) {
            throw ApiError.badRequest("application", "A client id, e.g. demo-portal; leave it out for all applications");
        }
        return application;
    }

    private static boolean csv(String format) {
        if (format == null || format.equals("json")) {
            return false;
        }
        if (format.equals("csv")) {
            return true;
        }
        throw ApiError.badRequest("format", "json or csv");
    }

    private static int intParam(String field, String value, int min, int max) {
        try {
            int v = Integer.parseInt(value.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // the same answer as out of range
        }
        throw ApiError.badRequest(field, "A whole number from " + min + " to " + max);
    }

    /** A query parameter the route would ignore is refused, so that a typo never silently changes a report. */
    private void onlyParams(String... allowed) {
        Set<String> ok = Set.of(allowed);
        for (String name : session.getContext().getUri().getQueryParameters().keySet()) {
            if (!ok.contains(name)) {
                throw ApiError.badRequest(name, "Unknown parameter " + name
                        + (allowed.length == 0 ? "" : " (accepted: " + String.join(", ", allowed) + ")"));
            }
        }
    }

    private static Map<String, Object> domainJson(DomainRef d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("type", d.type());
        m.put("identifier", d.identifier());
        m.put("name", d.name());
        return m;
    }

    private Map<String, Object> rowJson(Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("domainId", r.domain().id());
        m.put("domainType", r.domain().type());
        m.put("domainIdentifier", r.domain().identifier());
        m.put("domainName", r.domain().name());
        m.put("registered", r.registered());
        m.put("active", r.active());
        return m;
    }

    private static List<Object> csvRow(String level, Row r, String app, int activeDays, long since, String asOf) {
        List<Object> cells = new ArrayList<>();
        cells.add(level);
        cells.add(r.domain().id());
        cells.add(r.domain().type());
        cells.add(r.domain().identifier());
        cells.add(r.domain().name());
        cells.add(app == null ? LoginBatch.ALL_APPLICATIONS : app);
        cells.add(activeDays);
        cells.add(Instant.ofEpochMilli(since).toString());
        cells.add(r.registered());
        cells.add(r.active());
        cells.add(asOf);
        return cells;
    }

    private static void write(ReportCsv w, List<Object> row) {
        try {
            w.row(row);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void inTransaction(KeycloakSessionFactory factory, String realmId,
                                      java.util.function.Consumer<KeycloakSession> job) {
        KeycloakModelUtils.runJobInTransaction(factory, s -> {
            RealmModel realm = s.realms().getRealm(realmId);
            s.getContext().setRealm(realm);
            job.accept(s);
        });
    }

    private static String fileName(DomainRef d) {
        return (d.type() + "-" + d.identifier()).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static Response download(StreamingOutput out, String fileName) {
        return Response.ok(out, CSV).header("Content-Disposition", "attachment; filename=\"" + fileName + "\"").build();
    }
}
