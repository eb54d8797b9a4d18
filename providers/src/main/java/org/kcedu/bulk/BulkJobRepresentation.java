package org.kcedu.bulk;

import java.time.Instant;

import org.kcedu.bulk.job.EduBulkJobEntity;

/**
 * Status of an import job as the API returns it. Times are ISO-8601 UTC. Every data row is counted once in exactly one
 * of {@code created}, {@code updated}, {@code deleted}, {@code unchanged}, {@code rejected} (error rows),
 * {@code notFound} (DELETE rows that matched nothing, warning rows) and {@code duplicates} (repeats of an identical
 * earlier row, warning rows); {@code blankLines} counts lines without content, which are not rows;
 * {@code reportRows} is the number of rows in the error report (capped).
 */
public record BulkJobRepresentation(String id, String entity, String status, boolean dryRun, String fileName,
                                    long fileBytes, Long rowsTotal, long rowsRead, long created, long updated,
                                    long deleted, long unchanged, long rejected, String submittedBy,
                                    String createdAt, String startedAt, String finishedAt, String message,
                                    String errorsUrl, boolean setPasswordEmail, Long setPasswordEmailsPending,
                                    String setPasswordEmailsUrl, long notFound, long duplicates, long blankLines,
                                    long reportRows) {

    public static BulkJobRepresentation of(EduBulkJobEntity j, String baseUrl) {
        return of(j, baseUrl, null);
    }

    /** @param emailsPending users of this job still waiting for the set-password e-mail (when it was requested) */
    public static BulkJobRepresentation of(EduBulkJobEntity j, String baseUrl, Long emailsPending) {
        String job = baseUrl + "/" + j.entity + "/imports/" + j.id;
        return new BulkJobRepresentation(j.id, j.entity, j.status, j.dryRun, j.fileName, j.fileBytes, j.rowsTotal,
                j.lastRecord, j.created, j.updated, j.deleted, j.unchanged, j.rejected, j.actorUsername,
                time(j.createdAt), time(j.startedAt), time(j.finishedAt), j.message, job + "/errors",
                j.setPasswordEmail, j.setPasswordEmail ? emailsPending : null,
                j.setPasswordEmail ? job + "/set-password-emails" : null, j.notFound, j.duplicates, j.blankLines,
                j.reportRows);
    }

    private static String time(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }
}
