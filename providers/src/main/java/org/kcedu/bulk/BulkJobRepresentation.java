package org.kcedu.bulk;

import java.time.Instant;

import org.kcedu.bulk.job.EduBulkJobEntity;

/** Status of an import job as the API returns it. Times are ISO-8601 UTC. */
public record BulkJobRepresentation(String id, String entity, String status, boolean dryRun, String fileName,
                                    long fileBytes, Long rowsTotal, long rowsRead, long created, long updated,
                                    long deleted, long unchanged, long rejected, String submittedBy,
                                    String createdAt, String startedAt, String finishedAt, String message,
                                    String errorsUrl) {

    public static BulkJobRepresentation of(EduBulkJobEntity j, String baseUrl) {
        return new BulkJobRepresentation(j.id, j.entity, j.status, j.dryRun, j.fileName, j.fileBytes, j.rowsTotal,
                j.lastRecord, j.created, j.updated, j.deleted, j.unchanged, j.rejected, j.actorUsername,
                time(j.createdAt), time(j.startedAt), time(j.finishedAt), j.message,
                baseUrl + "/" + j.entity + "/imports/" + j.id + "/errors");
    }

    private static String time(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }
}
