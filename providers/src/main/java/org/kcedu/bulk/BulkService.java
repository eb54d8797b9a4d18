package org.kcedu.bulk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import org.kcedu.bulk.job.EduBulkJobEntity;
import org.keycloak.provider.Provider;

/** Bulk import/export for one Keycloak session (a request). */
public interface BulkService extends Provider {

    /** The handler of a file kind, or {@code null} when there is none. */
    EntityHandler handler(String kind);

    BulkConfig config();

    /**
     * Stores the upload and creates the job in the session's transaction; the job starts on the background executor
     * once that transaction commits.
     *
     * @throws UploadTooLargeException when the body exceeds {@link BulkConfig#maxUploadBytes()} (nothing is kept)
     */
    EduBulkJobEntity submit(BulkActor actor, EntityHandler handler, ImportOptions options, InputStream body)
            throws IOException;

    /**
     * @param setPasswordEmail users kind only: mark created users for the set-password e-mail
     *                         ({@link org.kcedu.bulk.users.SetPasswordEmails})
     */
    /** @param declaredXlsx the request's Content-Type named an XLSX workbook (then it must be one) */
    record ImportOptions(boolean dryRun, String fileName, boolean setPasswordEmail, boolean declaredXlsx) {
    }

    /** This node's budget of set-password e-mails sent for imports. */
    MailRate mailRate();

    /** Queues an unfinished or failed job again; it continues after its last committed record. */
    boolean resume(EduBulkJobEntity job);

    EduBulkJobEntity job(String id);

    /** The error report of a job (same columns as its input plus error_line and error_message). */
    Path errorReport(String jobId);

    @Override
    default void close() {
    }

    /** The upload is no readable file of either format, or an XLSX that unpacks beyond the limits (nothing kept). */
    class UploadRefusedException extends IOException {
        private final boolean tooLarge;

        public UploadRefusedException(boolean tooLarge, String message) {
            super(message);
            this.tooLarge = tooLarge;
        }

        public boolean tooLarge() {
            return tooLarge;
        }
    }

    class UploadTooLargeException extends IOException {
        public UploadTooLargeException(long limit) {
            super("the upload is larger than the limit of " + limit + " bytes");
        }
    }
}
