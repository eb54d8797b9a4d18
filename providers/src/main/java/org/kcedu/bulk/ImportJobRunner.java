package org.kcedu.bulk;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

import jakarta.ws.rs.WebApplicationException;

import org.jboss.logging.Logger;
import org.kcedu.core.ApiError;
import org.kcedu.audit.AuditTrail;
import org.kcedu.bulk.csv.BulkRowReader;
import org.kcedu.bulk.csv.XlsxLimits;
import org.kcedu.bulk.csv.BulkCsvWriter;
import org.kcedu.bulk.csv.BulkFormatException;
import org.kcedu.bulk.csv.CellEscaping;
import org.kcedu.bulk.csv.CsvRow;
import org.kcedu.bulk.csv.HeaderSchema;
import org.kcedu.bulk.job.BulkJobStore;
import org.kcedu.bulk.job.EduBulkJobEntity;
import org.keycloak.connections.jpa.support.EntityManagers;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Runs one import job to its end:
 * <ol>
 * <li>pre-scan: parse the whole file once without touching the database (header, UTF-8, quoting, duplicate keys),
 * so a malformed file fails with its line number before anything is written;</li>
 * <li>batches of {@link BulkConfig#batchSize()} rows, each in its own transaction: validate, plan with set-based
 * lookups, authorize per row, write, audit, and record the job's progress (last record, counters, error report
 * length) in the same transaction. A crash therefore loses at most the uncommitted batch, and a resume continues
 * right after the last committed record.</li>
 * </ol>
 * A batch whose transaction fails (e.g. a unique constraint hit by a concurrent change) is retried row by row, so
 * one bad row costs only itself.
 */
final class ImportJobRunner {

    private static final Logger LOG = Logger.getLogger(ImportJobRunner.class);

    private final KeycloakSessionFactory sessionFactory;
    private final BulkConfig config;
    private final EntityHandler handler;
    private final RowAuthorizer.Factory authorizers;
    private final String jobId;
    private final Path input;
    private final Path errorReport;

    private String realmId;
    private boolean dryRun;
    private boolean setPasswordEmail;
    private BulkActor actor;
    private List<String> rawHeader;
    private List<String> columns;
    private long errorBytes;
    /** Rows in the error report so far; {@code maxErrorRows + 1} once the closing "report stops here" line is written. */
    private long reportRows;
    /** Handlers' memory across the batches of this run (see {@link EntityHandler#plan(KeycloakSession, RealmModel, List, Map)}). */
    private final Map<String, Object> jobMemory = new HashMap<>();

    ImportJobRunner(KeycloakSessionFactory sessionFactory, BulkConfig config, EntityHandler handler,
                    RowAuthorizer.Factory authorizers, String jobId, Path input, Path errorReport) {
        this.sessionFactory = sessionFactory;
        this.config = config;
        this.handler = handler;
        this.authorizers = authorizers;
        this.jobId = jobId;
        this.input = input;
        this.errorReport = errorReport;
    }

    void run() {
        long resumeAfter;
        try {
            Long after = start();
            if (after == null) {
                return;
            }
            resumeAfter = after;
        } catch (RuntimeException e) {
            LOG.errorf(e, "kc-edu bulk job %s could not start", jobId);
            return;
        }
        try {
            DuplicateKeys duplicates = scan();
            prepareErrorReport();
            importBatches(resumeAfter, duplicates);
            finish(BulkJobStore.COMPLETED, reportRows > config.maxErrorRows() ? "the error report holds the first "
                    + config.maxErrorRows() + " rows with errors or warnings (the limit per job); the counts cover"
                    + " every row" : null);
            Files.deleteIfExists(input); // the upload holds personal data: keep it no longer than needed
        } catch (BulkFormatException e) {
            finish(BulkJobStore.FAILED, "nothing imported: " + e.getMessage());
            deleteQuietly(input);
        } catch (Exception e) {
            LOG.errorf(e, "kc-edu bulk job %s failed", jobId);
            finish(BulkJobStore.FAILED, "stopped after record " + committedRecord() + ": " + e
                    + " (committed batches are complete; resume the job to continue)");
        }
    }

    /** Marks the job RUNNING; returns the last committed record, or {@code null} when there is nothing to run. */
    private Long start() {
        return KeycloakModelUtils.runJobInTransactionWithResult(sessionFactory, session -> {
            EduBulkJobEntity job = new BulkJobStore(session).lock(jobId);
            if (job == null || BulkJobStore.COMPLETED.equals(job.status)) {
                return null;
            }
            RealmModel realm = session.realms().getRealm(job.realmId);
            if (realm == null) {
                job.status = BulkJobStore.FAILED;
                job.message = "realm no longer exists";
                return null;
            }
            realmId = job.realmId;
            dryRun = job.dryRun;
            setPasswordEmail = job.setPasswordEmail;
            actor = new BulkActor(job.realmId, realm.getName(), job.actorUserId, job.actorUsername,
                    job.actorClientId, job.actorIp);
            errorBytes = job.errorBytes;
            reportRows = job.reportRows;
            job.status = BulkJobStore.RUNNING;
            job.message = null;
            job.finishedAt = null;
            if (job.startedAt == null) {
                job.startedAt = System.currentTimeMillis();
            }
            return job.lastRecord;
        });
    }

    private DuplicateKeys scan() throws IOException {
        DuplicateKeys keys = new DuplicateKeys();
        long rows = 0;
        long blank;
        try (BulkRowReader reader = openInput()) {
            rawHeader = reader.rawHeader();
            columns = reader.columns();
            while (reader.hasNext()) {
                CsvRow row = reader.next();
                rows++;
                if (row.structureError() == null && row.action() != null) {
                    long content = DuplicateKeys.content(row);
                    for (String key : handler.claimedKeys(row)) {
                        keys.claim(key, row.line(), content);
                    }
                }
            }
            blank = reader.blankLines();
        }
        keys.seal();
        long total = rows;
        KeycloakModelUtils.runJobInTransaction(sessionFactory, s -> {
            EduBulkJobEntity job = new BulkJobStore(s).lock(jobId);
            job.rowsTotal = total;
            job.blankLines = blank;
        });
        return keys;
    }

    /** The upload as stored, CSV or XLSX (told by its first bytes), through the one row reader. */
    private BulkRowReader openInput() throws IOException {
        return BulkRowReader.open(input, handler.schema(), XlsxLimits.forUploadLimit(config.maxUploadBytes()));
    }

    private void prepareErrorReport() throws IOException {
        if (errorBytes == 0) {
            try (OutputStream out = Files.newOutputStream(errorReport);
                 BulkCsvWriter w = new BulkCsvWriter(out)) {
                List<String> header = new ArrayList<>(rawHeader);
                header.addAll(HeaderSchema.ERROR_COLUMNS);
                w.header(header);
            }
            errorBytes = Files.size(errorReport);
            KeycloakModelUtils.runJobInTransaction(sessionFactory,
                    s -> new BulkJobStore(s).lock(jobId).errorBytes = errorBytes);
        } else {
            truncateErrorReport(errorBytes); // drop error rows of a batch that never committed
        }
    }

    private void importBatches(long resumeAfter, DuplicateKeys duplicates) throws IOException {
        try (BulkRowReader reader = openInput()) {
            List<CsvRow> batch = new ArrayList<>(config.batchSize());
            while (reader.hasNext()) {
                CsvRow row = reader.next();
                if (row.record() <= resumeAfter) {
                    continue;
                }
                batch.add(row);
                if (batch.size() == config.batchSize()) {
                    processBatch(batch, duplicates);
                    batch = new ArrayList<>(config.batchSize());
                }
            }
            if (!batch.isEmpty()) {
                processBatch(batch, duplicates);
            }
        }
    }

    private void processBatch(List<CsvRow> rows, DuplicateKeys duplicates) {
        long errorStart = errorBytes;
        long reportStart = reportRows;
        try {
            runBatch(rows, duplicates, null);
        } catch (RuntimeException e) {
            errorBytes = errorStart;
            reportRows = reportStart;
            truncateErrorReport(errorStart);
            if (rows.size() > 1) {
                LOG.debugf(e, "kc-edu bulk job %s: batch ending at line %d failed, retrying row by row", jobId,
                        rows.get(rows.size() - 1).line());
                for (CsvRow row : rows) {
                    processBatch(List.of(row), duplicates);
                }
            } else {
                // the row names its targets by their keys; an internal id in a lower layer's message says nothing
                runBatch(rows, duplicates, "could not be written: " + rootMessage(e).replaceAll(
                        "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
                        "(the one this row names)"));
            }
        }
    }

    /** How a row ends up in the error report. */
    private enum Outcome { REJECTED, NOT_FOUND, DUPLICATE }

    /** One row of the error report: the row, the column the message is about ({@code ""} when none), the message. */
    private record Problem(CsvRow row, String field, String message, Outcome outcome) {
    }

    /**
     * The warning of a DELETE row that matched nothing. One text for every caller, the same whether the target does
     * not exist or is outside the importing admin's scope (no oracle); realm administrators also get the handler's
     * reason when there is one.
     */
    static final String NOT_FOUND = "warning: nothing deleted: " + org.kcedu.authz.Decision.HIDDEN
            + " (nothing matches this row or it is outside your administrative scope)";

    /** One transaction: the batch's writes, their audit events and the job's progress commit together. */
    private void runBatch(List<CsvRow> rows, DuplicateKeys duplicates, String forcedRejection) {
        KeycloakModelUtils.runJobInTransaction(sessionFactory, session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            session.getContext().setRealm(realm);
            List<Problem> problems = new ArrayList<>();
            List<CsvRow> valid = new ArrayList<>(rows.size());
            for (CsvRow row : rows) {
                Problem problem = forcedRejection != null ? rejected(row, forcedRejection)
                        : precheck(row, duplicates);
                if (problem != null) {
                    problems.add(problem);
                } else {
                    valid.add(row);
                }
            }
            List<RowPlan> plans = valid.isEmpty() ? List.of() : handler.plan(session, realm, valid, jobMemory);
            RowAuthorizer authorizer = plans.isEmpty() ? null : authorizers.forBatch(session, realm, actor, handler);
            BulkBatch batch = new BulkBatch(session, realm, actor, jobId, setPasswordEmail);
            long[] counts = new long[4]; // created, updated, deleted, unchanged
            // Batch mode: Keycloak's JPA layer skips its flush after every created entity (as its own realm import
            // does); everything is flushed once at the end of the batch. A constraint violation then fails the
            // whole batch, which processBatch retries row by row.
            EntityManagers.runInBatch(session, () -> {
                for (RowPlan plan : plans) {
                    boolean delete = plan.row().action() == CsvRow.Action.DELETE;
                    RowAuthorizer.Decision decision;
                    if (plan.absent()) {
                        // a row about something absent is, for an actor who cannot see everything, refused exactly
                        // like one about something outside their scope: same message, count and audit (no oracle)
                        decision = authorizer.absent(plan);
                        if (delete) {
                            // a DELETE that matches nothing: "not found", whoever asks and whatever the reason
                            problems.add(notFound(session, plan, decision));
                            continue;
                        }
                        if (decision.allowed()) {
                            if (plan.kind() == RowPlan.Kind.REJECT) {
                                problems.add(rejected(plan.row(), plan.message()));
                            } else {
                                counts[3]++;
                            }
                            continue;
                        }
                    } else if (plan.kind() == RowPlan.Kind.REJECT) {
                        problems.add(rejected(plan.row(), plan.message()));
                        continue;
                    } else if (plan.kind() == RowPlan.Kind.UNCHANGED) {
                        decision = authorizer.authorizeUnchanged(plan);
                        if (delete && (decision.allowed() || decision.hidden())) {
                            problems.add(notFound(session, plan, decision));
                            continue;
                        }
                        if (decision.allowed()) {
                            counts[3]++;
                            continue;
                        }
                    } else {
                        decision = authorizer.authorize(plan);
                        if (delete && decision.hidden()) {
                            // deleting something the actor may not see answers like deleting something absent
                            problems.add(notFound(session, plan, decision));
                            continue;
                        }
                    }
                    if (!decision.allowed()) {
                        problems.add(rejected(plan.row(), "not allowed: " + decision.reason()));
                        deniedAudit(session, plan, decision);
                        continue;
                    }
                    if (plan.payload() instanceof RowPlan.Refusal refusal) {
                        problems.add(rejected(plan.row(), refusal.message()));
                        continue;
                    }
                    if (!dryRun && handler.recordsAudit()) {
                        handler.apply(batch, plan);
                    } else if (!dryRun) {
                        String targetId = handler.apply(batch, plan);
                        var event = actor.audit(plan.auditAction(), jobId, plan.row().line())
                                .target(plan.targetType(), targetId);
                        plan.changes().forEach((field, c) -> event.change(field, c.before(), c.after()));
                        AuditTrail.record(session, event.build());
                    }
                    switch (plan.kind()) {
                        case CREATE -> counts[0]++;
                        case UPDATE -> counts[1]++;
                        case DELETE -> counts[2]++;
                        default -> { }
                    }
                }
            }, true);
            appendProblems(problems);
            EduBulkJobEntity job = new BulkJobStore(session).lock(jobId);
            job.created += counts[0];
            job.updated += counts[1];
            job.deleted += counts[2];
            job.unchanged += counts[3];
            for (Problem p : problems) {
                switch (p.outcome()) {
                    case REJECTED -> job.rejected++;
                    case NOT_FOUND -> job.notFound++;
                    case DUPLICATE -> job.duplicates++;
                }
            }
            job.lastRecord = rows.get(rows.size() - 1).record();
            job.errorBytes = errorBytes;
            job.reportRows = reportRows;
        });
    }

    private Problem notFound(KeycloakSession session, RowPlan plan, RowAuthorizer.Decision decision) {
        if (!decision.allowed()) {
            deniedAudit(session, plan, decision);
        }
        String reason = decision.allowed() && plan.kind() == RowPlan.Kind.REJECT && plan.message() != null
                ? " (" + plan.message() + ")" : "";
        return new Problem(plan.row(), "", NOT_FOUND + reason, Outcome.NOT_FOUND);
    }

    private void deniedAudit(KeycloakSession session, RowPlan plan, RowAuthorizer.Decision decision) {
        if (!dryRun) {
            // a hidden target is not named, not even to the actor's own trail
            boolean hidden = decision.hidden();
            AuditTrail.record(session, actor.audit("ACCESS_DENIED", jobId, plan.row().line())
                    .target(hidden ? null : plan.targetType(), hidden ? null : plan.targetId())
                    .denied(decision.reason()).build());
        }
    }

    private Problem rejected(CsvRow row, String message) {
        return new Problem(row, fieldOf(message), message, Outcome.REJECTED);
    }

    /**
     * The column an error message is about, for the report's {@code error_field}: messages of the file kinds start
     * with the column they are about ("email is not a valid e-mail address"); a few name the thing instead.
     */
    String fieldOf(String message) {
        if (message == null) {
            return "";
        }
        String best = "";
        for (String c : columns) {
            if (c.length() > best.length() && message.startsWith(c)
                    && (message.length() == c.length() || " '(:".indexOf(message.charAt(c.length())) >= 0)) {
                best = c;
            }
        }
        if (best.isEmpty()) {
            if (message.startsWith("e-mail ") && columns.contains("email")) {
                best = "email";
            } else if (message.startsWith("user ") && columns.contains("username")) {
                best = "username";
            } else if (message.startsWith("parent domain ") && columns.contains("parent_identifier")) {
                best = "parent_identifier";
            } else if (message.startsWith("domain ") && columns.contains("domain_identifier")) {
                best = "domain_identifier";
            }
        }
        return best;
    }

    private Problem precheck(CsvRow row, DuplicateKeys duplicates) {
        if (row.structureError() != null) {
            return new Problem(row, fieldOf(row.structureError()), row.structureError(), Outcome.REJECTED);
        }
        if (row.action() == null) {
            return new Problem(row, HeaderSchema.ACTION, "action must be empty (create or update) or DELETE, not '"
                    + row.get(HeaderSchema.ACTION) + "'", Outcome.REJECTED);
        }
        long content = DuplicateKeys.content(row);
        DuplicateKeys.Verdict repeat = null;
        for (String key : handler.claimedKeys(row)) {
            DuplicateKeys.Verdict v = duplicates.check(key, row.line(), content);
            if (v == null) {
                continue;
            }
            if (v.kind() == DuplicateKeys.Verdict.Kind.CONFLICT) {
                int colon = key.indexOf(':');
                String name = colon < 0 ? key : key.substring(0, colon);
                String value = colon < 0 ? "" : " " + key.substring(colon + 1);
                return new Problem(row, columns.contains(name) ? name : "", "duplicate " + name + value
                        + " in this file with different values on line " + v.otherLine()
                        + "; every row with it is rejected", Outcome.REJECTED);
            }
            repeat = v;
        }
        if (repeat != null) {
            return new Problem(row, "", "warning: identical to line " + repeat.otherLine()
                    + "; applied once (this repeat changes nothing)", Outcome.DUPLICATE);
        }
        String invalid = handler.validate(row);
        return invalid == null ? null : rejected(row, invalid);
    }

    /** Appends the batch's problems in line order, up to {@link BulkConfig#maxErrorRows()} rows per job. */
    private void appendProblems(List<Problem> problems) {
        int cap = config.maxErrorRows();
        if (problems.isEmpty() || reportRows > cap) {
            return;
        }
        problems.sort(java.util.Comparator.comparingLong(p -> p.row().line()));
        try (OutputStream out = Files.newOutputStream(errorReport, StandardOpenOption.APPEND);
             BulkCsvWriter w = new BulkCsvWriter(out)) {
            for (Problem p : problems) {
                List<String> cells = new ArrayList<>(rawHeader.size() + 3);
                if (reportRows == cap) {
                    for (int i = 0; i < rawHeader.size(); i++) {
                        cells.add("");
                    }
                    cells.add("");
                    cells.add("");
                    cells.add("the error report stops here: it holds at most " + cap + " rows (errors and warnings)"
                            + " per job; the job status counts every row. Fix these rows, import this file again, then"
                            + " the next import reports the rest");
                    w.row(cells);
                    reportRows++;
                    break;
                }
                CsvRow row = p.row();
                for (int i = 0; i < rawHeader.size(); i++) {
                    cells.add(i < row.raw().size() ? CellEscaping.restore(row.raw().get(i)) : "");
                }
                cells.add(String.valueOf(row.line()));
                cells.add(p.field());
                cells.add(p.message());
                w.row(cells);
                reportRows++;
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        try {
            errorBytes = Files.size(errorReport);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void truncateErrorReport(long size) {
        try (FileChannel ch = FileChannel.open(errorReport, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long committedRecord() {
        try {
            return KeycloakModelUtils.runJobInTransactionWithResult(sessionFactory,
                    s -> new BulkJobStore(s).find(jobId).lastRecord);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private void finish(String status, String message) {
        try {
            KeycloakModelUtils.runJobInTransaction(sessionFactory, session -> {
                EduBulkJobEntity job = new BulkJobStore(session).lock(jobId);
                job.status = status;
                job.message = message == null ? null : message.substring(0, Math.min(message.length(), 1000));
                job.finishedAt = System.currentTimeMillis();
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "kc-edu bulk job %s: could not record its end (%s)", jobId, status);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (true) {
            if (t instanceof WebApplicationException w && w.getResponse() != null
                    && w.getResponse().getEntity() instanceof ApiError error) {
                return error.message(); // a directory validation, e.g. a conflict found only at write time
            }
            if (t.getCause() == null || t.getCause() == t) {
                break;
            }
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
