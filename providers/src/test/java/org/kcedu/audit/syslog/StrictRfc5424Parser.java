package org.kcedu.audit.syslog;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A deliberately strict parser of one RFC 5424 SYSLOG-MSG (section 6 ABNF), written for the tests: it rejects
 * anything the ABNF does not allow (leading zeros in PRI, bad lengths, illegal SD-NAME characters, unescaped ']' in
 * a PARAM-VALUE, invalid UTF-8, duplicate SD-IDs), so a message it accepts is valid RFC 5424.
 */
public final class StrictRfc5424Parser {

    public record Message(int facility, int severity, int version, String timestamp, String hostname, String appName,
                          String procId, String msgId, Map<String, Map<String, List<String>>> structuredData,
                          boolean bom, String msg) {
        /** The single value of a param (fails if repeated). */
        public String param(String sdId, String name) {
            Map<String, List<String>> params = structuredData.get(sdId);
            if (params == null || !params.containsKey(name)) {
                return null;
            }
            List<String> values = params.get(name);
            if (values.size() != 1) {
                throw new IllegalStateException(name + " repeated: " + values);
            }
            return values.get(0);
        }
    }

    public static final class Rfc5424Exception extends RuntimeException {
        Rfc5424Exception(String message, int pos) {
            super(message + " at byte " + pos);
        }
    }

    private static final Pattern TIMESTAMP = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?(Z|[+-]\\d{2}:\\d{2})");
    private static final Pattern SD_ID_WITH_PEN = Pattern.compile("[^@]+@\\d+(\\.\\d+)*");

    private final byte[] b;
    private int pos;

    private StrictRfc5424Parser(byte[] bytes) {
        this.b = bytes;
    }

    public static Message parse(byte[] bytes) {
        return new StrictRfc5424Parser(bytes).message();
    }

    private Message message() {
        expect('<');
        String pri = digits(1, 3);
        if (pri.length() > 1 && pri.charAt(0) == '0') {
            fail("PRIVAL with leading zero");
        }
        int prival = Integer.parseInt(pri);
        if (prival > 191) {
            fail("PRIVAL > 191");
        }
        expect('>');
        String ver = digits(1, 3);
        if (ver.charAt(0) == '0') {
            fail("VERSION must start with a non-zero digit");
        }
        sp();
        String ts = token(Integer.MAX_VALUE, "TIMESTAMP");
        if (!ts.equals("-")) {
            if (!TIMESTAMP.matcher(ts).matches()) {
                fail("TIMESTAMP not RFC 3339: " + ts);
            }
            OffsetDateTime.parse(ts); // calendar-valid
        }
        sp();
        String host = token(255, "HOSTNAME");
        sp();
        String app = token(48, "APP-NAME");
        sp();
        String proc = token(128, "PROCID");
        sp();
        String msgId = token(32, "MSGID");
        sp();
        Map<String, Map<String, List<String>>> sd = structuredData();
        boolean bom = false;
        String msg = null;
        if (pos < b.length) {
            sp();
            if (b.length - pos >= 3 && (b[pos] & 0xff) == 0xEF && (b[pos + 1] & 0xff) == 0xBB && (b[pos + 2] & 0xff) == 0xBF) {
                bom = true;
                pos += 3;
                msg = utf8(pos, b.length);
            } else {
                msg = new String(b, pos, b.length - pos, StandardCharsets.ISO_8859_1); // MSG-ANY
            }
            pos = b.length;
        }
        return new Message(prival / 8, prival % 8, Integer.parseInt(ver), ts, host, app, proc, msgId, sd, bom, msg);
    }

    private Map<String, Map<String, List<String>>> structuredData() {
        Map<String, Map<String, List<String>>> sd = new LinkedHashMap<>();
        if (pos < b.length && b[pos] == '-') {
            pos++;
            return sd;
        }
        if (pos >= b.length || b[pos] != '[') {
            fail("STRUCTURED-DATA must be '-' or start with '['");
        }
        while (pos < b.length && b[pos] == '[') {
            pos++;
            String id = sdName("SD-ID");
            if (id.contains("@") && !SD_ID_WITH_PEN.matcher(id).matches()) {
                fail("SD-ID with '@' must be name@<enterprise number>: " + id);
            }
            if (sd.containsKey(id)) {
                fail("duplicate SD-ID " + id);
            }
            Map<String, List<String>> params = new LinkedHashMap<>();
            sd.put(id, params);
            while (pos < b.length && b[pos] == ' ') {
                pos++;
                String name = sdName("PARAM-NAME");
                expect('=');
                expect('"');
                params.computeIfAbsent(name, k -> new ArrayList<>()).add(paramValue());
            }
            expect(']');
        }
        return sd;
    }

    /** PARAM-VALUE: UTF-8, '"' '\' ']' escaped; an unescaped ']' is a violation, an unescaped '"' ends the value. */
    private String paramValue() {
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        while (true) {
            if (pos >= b.length) {
                fail("unterminated PARAM-VALUE");
            }
            byte c = b[pos];
            if (c == '\\' && pos + 1 < b.length && (b[pos + 1] == '"' || b[pos + 1] == '\\' || b[pos + 1] == ']')) {
                raw.write(b[pos + 1]);
                pos += 2;
            } else if (c == '"') {
                pos++;
                byte[] v = raw.toByteArray();
                return decode(v, 0, v.length);
            } else if (c == ']') {
                fail("unescaped ']' in PARAM-VALUE");
            } else {
                raw.write(c); // RFC 5424 §6.3.3: a backslash before any other character is kept as is
                pos++;
            }
        }
    }

    private String sdName(String what) {
        int start = pos;
        while (pos < b.length) {
            int c = b[pos] & 0xff;
            if (c < 33 || c > 126 || c == '=' || c == ']' || c == '"') {
                break;
            }
            pos++;
        }
        int len = pos - start;
        if (len < 1 || len > 32) {
            fail(what + " must be 1..32 printable US-ASCII characters without = ] \" and space, got " + len);
        }
        return new String(b, start, len, StandardCharsets.US_ASCII);
    }

    private String token(int max, String what) {
        int start = pos;
        while (pos < b.length && (b[pos] & 0xff) >= 33 && (b[pos] & 0xff) <= 126) {
            pos++;
        }
        int len = pos - start;
        if (len < 1 || len > max) {
            fail(what + " length " + len + " outside 1.." + max);
        }
        return new String(b, start, len, StandardCharsets.US_ASCII);
    }

    private String digits(int min, int max) {
        int start = pos;
        while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') {
            pos++;
        }
        if (pos - start < min || pos - start > max) {
            fail("expected " + min + ".." + max + " digits");
        }
        return new String(b, start, pos - start, StandardCharsets.US_ASCII);
    }

    private String utf8(int from, int to) {
        return decode(b, from, to - from);
    }

    private String decode(byte[] bytes, int off, int len) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, off, len)).toString();
        } catch (CharacterCodingException e) {
            fail("invalid UTF-8");
            return null;
        }
    }

    private void sp() {
        expect(' ');
    }

    private void expect(char c) {
        if (pos >= b.length || b[pos] != c) {
            fail("expected '" + c + "'");
        }
        pos++;
    }

    private void fail(String message) {
        throw new Rfc5424Exception(message, pos);
    }
}
