package org.kcedu.bulk;

import java.nio.file.Path;

import org.keycloak.Config;

/**
 * Options of SPI {@code kc-edu-bulk}, provider {@code default}, e.g. {@code --spi-kc-edu-bulk--default--batch-size=2000}.
 *
 * @param batchSize      rows per transaction (default 1000)
 * @param maxUploadBytes largest accepted upload; larger ones get 413 (default 200 MiB). Keycloak's HTTP layer has
 *                       its own body limit ({@code quarkus.http.limits.max-body-size}); raise it too for big files.
 * @param directory      where uploaded files and error reports are kept (default {@code <kc home>/data/kc-edu-bulk})
 * @param threads        jobs run concurrently (default 1: imports are write-heavy, and one at a time keeps their
 *                       batches from contending for the same rows)
 * @param mailsPerMinute set-password e-mails for imported users this node sends per minute at most (default 120),
 *                       so that a 100,000-user import cannot flood the realm's SMTP relay
 * @param maxErrorRows   rows (errors and warnings) one job writes to its error report at most (default 1000); the
 *                       counts go on, and the report ends with a line saying it was cut
 */
public record BulkConfig(int batchSize, long maxUploadBytes, Path directory, int threads, int mailsPerMinute,
                         int maxErrorRows) {

    public static final int DEFAULT_MAX_ERROR_ROWS = 1000;

    public BulkConfig(int batchSize, long maxUploadBytes, Path directory, int threads, int mailsPerMinute) {
        this(batchSize, maxUploadBytes, directory, threads, mailsPerMinute, DEFAULT_MAX_ERROR_ROWS);
    }

    public static final long DEFAULT_MAX_UPLOAD = 200L * 1024 * 1024;

    public static BulkConfig from(Config.Scope scope) {
        int batch = scope.getInt("batchSize", 1000);
        long max = scope.getLong("maxUploadBytes", DEFAULT_MAX_UPLOAD);
        String dir = scope.get("directory");
        int threads = scope.getInt("threads", 1);
        int mails = scope.getInt("mailsPerMinute", 120);
        int errorRows = scope.getInt("maxErrorRows", DEFAULT_MAX_ERROR_ROWS);
        return new BulkConfig(Math.max(1, batch), max, dir == null ? defaultDirectory() : Path.of(dir),
                Math.max(1, threads), Math.max(1, mails), Math.max(1, errorRows));
    }

    private static Path defaultDirectory() {
        String home = System.getProperty("kc.home.dir");
        return home != null ? Path.of(home, "data", "kc-edu-bulk")
                : Path.of(System.getProperty("java.io.tmpdir"), "kc-edu-bulk");
    }
}
