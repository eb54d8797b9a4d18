package org.kcedu.audit.syslog;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.kcedu.core.AuditEvent;

/**
 * Turns an {@link AuditEvent} into one RFC 5424 syslog message (without transport framing):
 * {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [kcedu@PEN param="value" ...] BOM human-readable text}.
 * All event fields travel as SD-PARAMs of one SD-ELEMENT so that receivers can index them; the MSG repeats the gist
 * for humans. Values of fields whose name suggests a secret are never written.
 */
public final class Rfc5424Formatter {

    /** Severity by outcome (RFC 5424 §6.2.1): success is notable, a denial a warning, a failure an error. */
    static final int SEVERITY_NOTICE = 5;
    static final int SEVERITY_WARNING = 4;
    static final int SEVERITY_ERROR = 3;

    static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final Pattern SECRET_FIELD = Pattern.compile("(?i).*(password|secret|token|otp|credential-value|private-key).*");
    static final String REDACTED = "(redacted)";
    static final int SD_NAME_MAX = 32;
    static final int MSG_VALUE_MAX = 200;

    private final Facility facility;
    private final String sdId;
    private final String hostname;
    private final String appName;
    private final String procId;
    private final int maxValueLength;

    /**
     * @param maxValueLength longer PARAM-VALUEs are cut (and marked) so one huge field cannot push the message past
     *                       what receivers accept; the outbox keeps the full event.
     */
    public Rfc5424Formatter(Facility facility, long enterpriseNumber, String hostname, String appName, String procId,
                            int maxValueLength) {
        if (enterpriseNumber <= 0) {
            throw new IllegalArgumentException("enterprise number must be a positive IANA private enterprise number");
        }
        this.facility = facility;
        this.sdId = "kcedu@" + enterpriseNumber;
        this.hostname = headerField(hostname, 255);
        this.appName = headerField(appName, 48);
        this.procId = headerField(procId, 128);
        this.maxValueLength = Math.max(16, maxValueLength);
    }

    public String sdId() {
        return sdId;
    }

    public byte[] format(AuditEvent e) {
        StringBuilder head = new StringBuilder(256);
        head.append('<').append(facility.code * 8 + severity(e.outcome())).append(">1 ")
                .append(TIMESTAMP.format(e.timestamp())).append(' ')
                .append(hostname).append(' ')
                .append(appName).append(' ')
                .append(procId).append(' ')
                .append(headerField(e.action(), 32)).append(' ');
        head.append('[').append(sdId);
        param(head, "event-id", e.id());
        param(head, "realm-id", e.realmId());
        param(head, "realm", e.realmName());
        param(head, "actor-user-id", e.actorUserId());
        param(head, "actor-username", e.actorUsername());
        param(head, "actor-client-id", e.actorClientId());
        param(head, "actor-ip", e.actorIp());
        param(head, "entry-point", e.entryPoint().name());
        param(head, "action", e.action());
        param(head, "target-type", e.targetType());
        param(head, "target-id", e.targetId());
        param(head, "outcome", e.outcome().name());
        param(head, "reason", e.reason());
        param(head, "bulk-job-id", e.bulkJobId());
        param(head, "bulk-row", e.bulkRow() == null ? null : e.bulkRow().toString());
        param(head, "correlation-id", e.correlationId());
        for (Map.Entry<String, AuditEvent.Change> c : e.changes().entrySet()) {
            boolean secret = isSecret(c.getKey());
            String field = sdNameSafe(c.getKey());
            param(head, sdName("before." + field), secret && c.getValue().before() != null ? REDACTED : c.getValue().before());
            param(head, sdName("after." + field), secret && c.getValue().after() != null ? REDACTED : c.getValue().after());
        }
        head.append("] ");
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + 128);
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(BOM);
        out.writeBytes(message(e).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static int severity(AuditEvent.Outcome outcome) {
        return switch (outcome) {
            case SUCCESS -> SEVERITY_NOTICE;
            case DENIED -> SEVERITY_WARNING;
            case FAILED -> SEVERITY_ERROR;
        };
    }

    static boolean isSecret(String field) {
        return SECRET_FIELD.matcher(field).matches();
    }

    /** One line for humans: "state.admin (via ADMIN_CONSOLE) USER_UPDATE user 42: SUCCESS; email 'a' -> 'b'". */
    String message(AuditEvent e) {
        StringBuilder m = new StringBuilder(128);
        String actor = e.actorUsername() != null ? e.actorUsername()
                : e.actorClientId() != null ? "client " + e.actorClientId()
                : e.actorUserId() != null ? e.actorUserId() : "system";
        m.append(actor).append(" (via ").append(e.entryPoint()).append(") ").append(e.action());
        if (e.targetType() != null || e.targetId() != null) {
            m.append(' ').append(e.targetType() == null ? "?" : e.targetType()).append(' ')
                    .append(e.targetId() == null ? "?" : truncate(e.targetId(), MSG_VALUE_MAX));
        }
        if (e.realmName() != null) {
            m.append(" in realm ").append(e.realmName());
        }
        m.append(": ").append(e.outcome());
        if (e.reason() != null) {
            m.append(" (").append(truncate(e.reason(), MSG_VALUE_MAX)).append(')');
        }
        for (Map.Entry<String, AuditEvent.Change> c : e.changes().entrySet()) {
            boolean secret = isSecret(c.getKey());
            m.append("; ").append(c.getKey()).append(' ')
                    .append(quote(secret && c.getValue().before() != null ? REDACTED : c.getValue().before()))
                    .append(" -> ")
                    .append(quote(secret && c.getValue().after() != null ? REDACTED : c.getValue().after()));
        }
        if (e.bulkJobId() != null) {
            m.append("; bulk job ").append(e.bulkJobId()).append(" row ").append(e.bulkRow());
        }
        // One event, one line: line-oriented receivers and files must not split it.
        return m.toString().replaceAll("[\\r\\n\\t\\x00-\\x1F\\x7F]", " ");
    }

    /** The MSG is for humans: a short excerpt of each value; the full (cut) value is in the SD-PARAM. */
    private String quote(String v) {
        return v == null ? "(none)" : "'" + truncate(v, Math.min(MSG_VALUE_MAX, maxValueLength)) + "'";
    }

    private void param(StringBuilder sb, String name, String value) {
        if (value == null) {
            return; // absent = unknown; an empty string would claim a value
        }
        sb.append(' ').append(name).append("=\"").append(escapeParamValue(truncate(value))).append('"');
    }

    private String truncate(String v) {
        return truncate(v, maxValueLength);
    }

    private static String truncate(String v, int max) {
        if (v.length() <= max) {
            return v;
        }
        int cut = max;
        if (Character.isHighSurrogate(v.charAt(cut - 1))) {
            cut--; // never split a surrogate pair into invalid UTF-8
        }
        return v.substring(0, cut) + "...(truncated, " + v.length() + " chars)";
    }

    /** RFC 5424 §6.3.3: inside PARAM-VALUE, '"', '\' and ']' MUST be escaped with a backslash. */
    public static String escapeParamValue(String v) {
        StringBuilder sb = new StringBuilder(v.length() + 8);
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch == '"' || ch == '\\' || ch == ']') {
                sb.append('\\');
            }
            sb.append(ch);
        }
        return sb.toString();
    }

    /** SD-NAME = 1*32 PRINTUSASCII except '=', SP, ']', '"'. */
    public static boolean isValidSdName(String name) {
        if (name == null || name.isEmpty() || name.length() > SD_NAME_MAX) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch < 33 || ch > 126 || ch == '=' || ch == ']' || ch == '"') {
                return false;
            }
        }
        return true;
    }

    /** Replaces characters an SD-NAME may not hold; the result may still be too long (see {@link #sdName}). */
    static String sdNameSafe(String field) {
        StringBuilder sb = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char ch = field.charAt(i);
            sb.append(ch < 33 || ch > 126 || ch == '=' || ch == ']' || ch == '"' ? '_' : ch);
        }
        return sb.length() == 0 ? "_" : sb.toString();
    }

    /** Cuts to 32 characters, keeping a short hash of the full name so that two long field names stay apart. */
    static String sdName(String name) {
        if (name.length() <= SD_NAME_MAX) {
            return name;
        }
        String hash = Integer.toHexString(name.hashCode() & 0xfffff);
        return name.substring(0, SD_NAME_MAX - hash.length() - 1) + "~" + hash;
    }

    /** HOSTNAME, APP-NAME, PROCID, MSGID: printable US-ASCII without spaces, bounded, "-" when empty. */
    static String headerField(String v, int max) {
        if (v == null || v.isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder(Math.min(v.length(), max));
        for (int i = 0; i < v.length() && sb.length() < max; i++) {
            char ch = v.charAt(i);
            sb.append(ch >= 33 && ch <= 126 ? ch : '_');
        }
        return sb.toString();
    }
}
