package org.kcedu.bulk;

import java.io.IOException;
import java.io.InputStream;
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
import org.kcedu.bulk.csv.BulkCsvReader;
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
    private long errorBytes;
    private long fileBytes;
    /** Rows in the error report so far (capped by {@link BulkConfig#maxErrorRows()} and by the upload's size). */
    private long reportRows;
    private boolean reportTruncated;
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
            finish(BulkJobStore.COMPLETED, reportTruncated ? "the error report holds the first " + reportRows
                    + " rows only (limit: " + config.maxErrorRows() + " rows and twice the file's size); every"
                    + " further refused row is counted but not listed: fix the listed rows and import again" : null);
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
            fileBytes = job.fileBytes;
            reportRows = Math.min(config.maxErrorRows(), job.rejected + job.notFound + job.duplicates);
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
        try (BulkCsvReader reader = open()) {
            rawHeader = reader.rawHeader();
            while (reader.hasNext()) {
                CsvRow row = reader.next();
                rows++;
                if (row.structureError() == null && row.action() != null) {
                    long content = DuplicateKeys.content(row.cells());
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
            job.blank = blank;
        });
        return keys;
    }

    /** The upload, read as XLSX when it is a workbook (a ZIP file), else as CSV. */
    private BulkCsvReader open() throws IOException {
        if (org.kcedu.bulk.csv.XlsxSheetSource.isWorkbook(input)) {
            return BulkCsvReader.xlsx(input, handler.schema());
        }
        InputStream in = Files.newInputStream(input);
        try {
            return new BulkCsvReader(in, handler.schema());
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private void prepareErrorReport() throws IOException {
        if (errorBytes == 0) {
            try (OutputStream out = Files.newOutputStream(errorReport);
                 BulkCsvWriter w = new BulkCsvWriter(out)) {
                List<String> header = new ArrayList<>(rawHeader);
                header.add(HeaderSchema.ERROR_LINE);
                header.add(HeaderSchema.ERROR_FIELD);
                header.add(HeaderSchema.ERROR_MESSAGE);
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
        try (BulkCsvReader reader = open()) {
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
        long rowsStart = reportRows;
        try {
            runBatch(rows, duplicates, null);
        } catch (RuntimeException e) {
            errorBytes = errorStart;
            reportRows = rowsStart;
            truncateErrorReport(errorStart);
            if (rows.size() > 1) {
                LOG.debugf(e, "kc-edu bulk job %s: batch ending at line %d failed, retrying row by row", jobId,
                        rows.get(rows.size() - 1).line());
                for (CsvRow row : rows) {
                    processBatch(List.of(row), duplicates);
                }
            } else {
                runBatch(rows, duplicates, "could not be written: " + rootMessage(e));
            }
        }
    }

    /** A row of the error report: a refusal, or a warning about a row that was applied once or matched nothing. */
    private record Issue(CsvRow row, String field, String message) {
    }

    /** One transaction: the batch's writes, their audit events and the job's progress commit together. */
    private void runBatch(List<CsvRow> rows, DuplicateKeys duplicates, String forcedRejection) {
        KeycloakModelUtils.runJobInTransaction(sessionFactory, session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            session.getContext().setRealm(realm);
            List<Issue> errors = new ArrayList<>();
            List<Issue> warnings = new ArrayList<>();
            List<CsvRow> valid = new ArrayList<>(rows.size());
            long[] counts = new long[6]; // created, updated, deleted, unchanged, not found, exact duplicates
            for (CsvRow row : rows) {
                Issue problem = forcedRejection != null ? issue(row, forcedRejection) : precheck(row, duplicates);
                if (problem == null) {
                    valid.add(row);
                } else if (problem.message().startsWith(WARNING)) {
                    warnings.add(problem);
                    counts[5]++;
                } else {
                    errors.add(problem);
                }
            }
            List<RowPlan> plans = valid.isEmpty() ? List.of() : handler.plan(session, realm, valid, jobMemory);
            RowAuthorizer authorizer = plans.isEmpty() ? null : authorizers.forBatch(session, realm, actor, handler);
            BulkBatch batch = new BulkBatch(session, realm, actor, jobId, setPasswordEmail);
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
                        if (decision.allowed()) {
                            if (delete) {
                                warnings.add(notFound(plan.row()));
                                counts[4]++;
                            } else if (plan.kind() == RowPlan.Kind.REJECT) {
                                errors.add(issue(plan.row(), plan.message()));
                            } else {
                                counts[3]++;
                            }
                            continue;
                        }
                    } else if (plan.kind() == RowPlan.Kind.REJECT) {
                        errors.add(issue(plan.row(), plan.message()));
                        continue;
                    } else if (plan.kind() == RowPlan.Kind.UNCHANGED || plan.kind() == RowPlan.Kind.NOT_FOUND) {
                        decision = authorizer.authorizeUnchanged(plan);
                        if (decision.allowed()) {
                            if (plan.kind() == RowPlan.Kind.NOT_FOUND) {
                                warnings.add(notFound(plan.row()));
                                counts[4]++;
                            } else {
                                counts[3]++;
                            }
                            continue;
                        }
                    } else {
                        decision = authorizer.authorize(plan);
                    }
                    if (!decision.allowed()) {
                        // a hidden target is not named, not even to the actor's own trail
                        boolean hidden = decision.hidden();
                        if (!dryRun) {
                            AuditTrail.record(session, actor.audit("ACCESS_DENIED", jobId, plan.row().line())
                                    .target(hidden ? null : plan.targetType(), hidden ? null : plan.targetId())
                                    .denied(decision.reason()).build());
                        }
                        if (delete && hidden) {
                            // deleting something outside the scope answers exactly like deleting something absent
                            warnings.add(notFound(plan.row()));
                            counts[4]++;
                        } else {
                            errors.add(new Issue(plan.row(), "", "not allowed: " + decision.reason()));
                        }
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
            List<Issue> report = new ArrayList<>(errors.size() + warnings.size());
            report.addAll(errors);
            report.addAll(warnings);
            report.sort(java.util.Comparator.comparingLong(i -> i.row().line()));
            appendErrors(report);
            EduBulkJobEntity job = new BulkJobStore(session).lock(jobId);
            job.created += counts[0];
            job.updated += counts[1];
            job.deleted += counts[2];
            job.unchanged += counts[3];
            job.notFound += counts[4];
            job.duplicates += counts[5];
            job.rejected += errors.size();
            job.lastRecord = rows.get(rows.size() - 1).record();
            job.errorBytes = errorBytes;
        });
    }

    /** Marks report rows that are not refusals: the row was applied once, or matched nothing. */
    static final String WARNING = "warning: ";

    /**
     * The one answer for a DELETE row that matches nothing the importing admin may see, built from the row's own
     * cells only, so a target outside the scope and an absent one read the same.
     */
    private Issue notFound(CsvRow row) {
        return new Issue(row, HeaderSchema.ACTION, WARNING + "not found: nothing to delete matches "
                + handler.rowLabel(row));
    }

    private Issue issue(CsvRow row, String message) {
        return new Issue(row, ErrorFields.fieldOf(message, row.cells().keySet()), message);
    }

    private Issue precheck(CsvRow row, DuplicateKeys duplicates) {
        if (row.structureError() != null) {
            return new Issue(row, "", row.structureError());
        }
        if (row.action() == null) {
            return new Issue(row, HeaderSchema.ACTION, "action must be empty (create or update) or DELETE, not '"
                    + row.get(HeaderSchema.ACTION) + "'");
        }
        DuplicateKeys.Verdict copy = null;
        for (String key : handler.claimedKeys(row)) {
            DuplicateKeys.Verdict v = duplicates.verdict(key, row.line());
            if (v != null && v.conflict()) {
                String column = key.substring(0, key.indexOf(':'));
                return new Issue(row, row.cells().containsKey(column) ? column : "", "duplicate "
                        + column + " " + key.substring(key.indexOf(':') + 1) + ": line " + v.otherLine()
                        + " of this file has it too with different values; neither row is applied (keep one)");
            }
            if (v != null) {
                copy = v;
            }
        }
        if (copy != null) {
            return new Issue(row, "", WARNING + "exact copy of line " + copy.otherLine()
                    + ", applied once (there)");
        }
        String invalid = handler.validate(row);
        return invalid == null ? null : issue(row, invalid);
    }

    private void appendErrors(List<Issue> issues) {
        if (issues.isEmpty()) {
            return;
        }
        long limitBytes = 2 * fileBytes + 64 * 1024;
        try (OutputStream out = Files.newOutputStream(errorReport, StandardOpenOption.APPEND)) {
            for (Issue e : issues) {
                if (reportRows >= config.maxErrorRows()) {
                    reportTruncated = true;
                    break;
                }
                java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(256);
                try (BulkCsvWriter w = new BulkCsvWriter(line)) {
                    List<String> cells = new ArrayList<>(rawHeader.size() + 3);
                    for (int i = 0; i < rawHeader.size(); i++) {
                        cells.add(i < e.row().raw().size() ? CellEscaping.restore(e.row().raw().get(i)) : "");
                    }
                    cells.add(String.valueOf(e.row().line()));
                    cells.add(e.field());
                    cells.add(e.message());
                    w.row(cells);
                }
                if (errorBytes + line.size() > limitBytes) {
                    reportTruncated = true;
                    break;
                }
                line.writeTo(out);
                errorBytes += line.size();
                reportRows++;
            }
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
