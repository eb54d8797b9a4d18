package org.kcedu.bulk.job;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A bulk import job: who submitted which file, how far it got and what it did. The progress columns are updated in
 * the same transaction as each batch's writes, so after a crash {@link #lastRecord} is exactly the last data
 * record whose effects are committed, and the job resumes after it.
 */
@Entity
@Table(name = "EDU_BULK_JOB")
@NamedQueries({
        @NamedQuery(name = "edu.bulkJob.byStatus",
                query = "select j from EduBulkJobEntity j where j.status in :statuses order by j.createdAt"),
})
public class EduBulkJobEntity {

    @Id
    @Column(name = "ID", length = 36)
    public String id;
    @Column(name = "REALM_ID", length = 36, nullable = false)
    public String realmId;
    @Column(name = "ENTITY_KIND", length = 64, nullable = false)
    public String entity;
    @Column(name = "STATUS", length = 16, nullable = false)
    public String status;
    @Column(name = "DRY_RUN", nullable = false)
    public boolean dryRun;
    /** Users kind: every user this job creates (enabled, with an e-mail) is marked for the set-password e-mail. */
    @Column(name = "SET_PASSWORD_EMAIL", nullable = false)
    public boolean setPasswordEmail;
    @Column(name = "ACTOR_USER_ID", length = 36, nullable = false)
    public String actorUserId;
    @Column(name = "ACTOR_USERNAME", length = 255)
    public String actorUsername;
    @Column(name = "ACTOR_CLIENT_ID", length = 255)
    public String actorClientId;
    @Column(name = "ACTOR_IP", length = 64)
    public String actorIp;
    @Column(name = "FILE_NAME", length = 255)
    public String fileName;
    @Column(name = "FILE_BYTES", nullable = false)
    public long fileBytes;
    @Column(name = "CREATED_AT", nullable = false)
    public long createdAt;
    @Column(name = "STARTED_AT")
    public Long startedAt;
    @Column(name = "FINISHED_AT")
    public Long finishedAt;
    @Column(name = "ROWS_TOTAL")
    public Long rowsTotal;
    @Column(name = "LAST_RECORD", nullable = false)
    public long lastRecord;
    @Column(name = "CREATED_COUNT", nullable = false)
    public long created;
    @Column(name = "UPDATED_COUNT", nullable = false)
    public long updated;
    @Column(name = "DELETED_COUNT", nullable = false)
    public long deleted;
    @Column(name = "UNCHANGED_COUNT", nullable = false)
    public long unchanged;
    @Column(name = "REJECTED_COUNT", nullable = false)
    public long rejected;
    /** Lines with no content (only separators and whitespace): skipped, never error rows. */
    @Column(name = "BLANK_LINES", nullable = false)
    public long blankLines;
    /** DELETE rows that matched nothing (absent, or outside the importing admin's scope: the same answer). */
    @Column(name = "NOT_FOUND_COUNT", nullable = false)
    public long notFound;
    /** Rows identical to an earlier row of the file: applied once, the repeats only warned about. */
    @Column(name = "DUPLICATE_COUNT", nullable = false)
    public long duplicates;
    /** Rows written to the error report (errors and warnings), at most {@code maxErrorRows}. */
    @Column(name = "REPORT_ROWS", nullable = false)
    public long reportRows;
    @Column(name = "ERROR_BYTES", nullable = false)
    public long errorBytes;
    @Column(name = "MESSAGE", length = 1000)
    public String message;
}
