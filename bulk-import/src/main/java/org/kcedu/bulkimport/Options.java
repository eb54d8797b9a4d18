package org.kcedu.bulkimport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command-line options of the bulk import CLI. */
record Options(String url, String realm, String entity, String clientId, String clientSecret, String username,
               String password, boolean dryRun, boolean resume, String jobId, Path file, long pollMillis,
               boolean setPasswordEmail) {

    /** The file kinds of the server's bulk API (docs/bulk.md). */
    static final List<String> KINDS = List.of("users", "domains", "subjects", "roles", "assignments",
            "groups", "group-assignments", "group-memberships", "self-registration");

    static final String USAGE = """
            Usage: java -jar kc-edu-bulk-import.jar --url URL --realm REALM [--entity KIND]
                     --client-id ID [--client-secret SECRET] [--username USER --password PASS]
                     [--dry-run] [--resume [--job JOB_ID]] [--send-set-password-email] FILE.csv|FILE.xlsx
              KIND: users (default), domains, subjects, roles, assignments, groups, group-assignments,
              group-memberships, self-registration.
              Authenticates with client credentials (client id + secret) or, with --username, a user login
              (resource-owner password grant); secrets may also come from KCEDU_CLIENT_SECRET / KCEDU_PASSWORD.
              Uploads FILE (CSV, or an Excel workbook .xlsx: its first sheet), follows the job, writes rejected
              rows to FILE.errors.csv (FILE.errors.xlsx for a workbook) next to the input.
              The job id is kept in FILE.job: --resume continues following (and, if it stopped, restarts) that job.
              --send-set-password-email (users): every enabled user the import creates with an e-mail gets the
              set-password e-mail, sent after the import within the server's e-mail rate (waits as needed; with
              --resume it continues sending where an earlier run stopped).
              Exit codes: 0 all rows accepted, 1 some rows rejected, 2 the job failed, 3 usage or connection error.
            """;

    static Options parse(String[] args) {
        String url = null, realm = null, entity = "users", clientId = null, secret = System.getenv("KCEDU_CLIENT_SECRET");
        String user = null, password = System.getenv("KCEDU_PASSWORD"), job = null;
        boolean dry = false, resume = false, mail = false;
        long poll = 1000;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--url" -> url = value(args, ++i, a);
                case "--realm" -> realm = value(args, ++i, a);
                case "--entity" -> entity = value(args, ++i, a);
                case "--client-id" -> clientId = value(args, ++i, a);
                case "--client-secret" -> secret = value(args, ++i, a);
                case "--username" -> user = value(args, ++i, a);
                case "--password" -> password = value(args, ++i, a);
                case "--job" -> job = value(args, ++i, a);
                case "--poll-ms" -> poll = Long.parseLong(value(args, ++i, a));
                case "--dry-run" -> dry = true;
                case "--resume" -> resume = true;
                case "--send-set-password-email" -> mail = true;
                case "-h", "--help" -> throw new UsageException(null);
                default -> {
                    if (a.startsWith("--")) {
                        throw new UsageException("unknown option " + a);
                    }
                    files.add(a);
                }
            }
        }
        if (!KINDS.contains(entity)) {
            throw new UsageException("unknown --entity " + entity + "; use one of " + String.join(", ", KINDS));
        }
        if (url == null || realm == null || clientId == null) {
            throw new UsageException("--url, --realm and --client-id are required");
        }
        if (files.size() != 1) {
            throw new UsageException("exactly one input file is required");
        }
        if (user != null && password == null) {
            throw new UsageException("--username needs --password (or KCEDU_PASSWORD)");
        }
        if (user == null && secret == null) {
            throw new UsageException("client credentials need --client-secret (or KCEDU_CLIENT_SECRET)");
        }
        if (mail && !entity.equals("users")) {
            throw new UsageException("--send-set-password-email is for --entity users only");
        }
        return new Options(url.replaceAll("/+$", ""), realm, entity, clientId, secret, user, password, dry, resume,
                job, Path.of(files.get(0)), poll, mail);
    }

    /** An XLSX workbook (by its name): uploaded as one, and its error report is fetched as one. */
    boolean xlsx() {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".xlsx");
    }

    /**
     * Where the error report goes: next to the input, in the input's format: {@code x.csv} → {@code x.errors.csv},
     * {@code x.xlsx} → {@code x.errors.xlsx}.
     */
    Path errorReport() {
        return sibling(xlsx() ? ".errors.xlsx" : ".errors.csv");
    }

    /** Where the job id is remembered for --resume. */
    Path jobFile() {
        return sibling(".job");
    }

    private Path sibling(String suffix) {
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        String stem = lower.endsWith(".csv") ? name.substring(0, name.length() - 4)
                : lower.endsWith(".xlsx") ? name.substring(0, name.length() - 5) : name;
        Path dir = file.toAbsolutePath().getParent();
        return dir.resolve(stem + suffix);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
