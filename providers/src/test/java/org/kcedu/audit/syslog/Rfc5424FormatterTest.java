package org.kcedu.audit.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.kcedu.core.AuditEvent;
import org.kcedu.core.EntryPoint;
import org.kcedu.audit.syslog.StrictRfc5424Parser.Message;
import org.kcedu.audit.syslog.StrictRfc5424Parser.Rfc5424Exception;

class Rfc5424FormatterTest {

    private static final String SD = "kcedu@32473";
    private final Rfc5424Formatter formatter =
            new Rfc5424Formatter(Facility.AUTHPRIV, 32473, "idp-1.example", "kc-edu", "4242", 2000);

    private static AuditEvent.Builder full() {
        return AuditEvent.builder(EntryPoint.BULK, "USER_UPDATE")
                .id("0b0e6d6c-5d2a-4d0e-9a5e-7f6f4f3c2b1a")
                .timestamp(Instant.parse("2026-11-25T06:32:11.123456Z"))
                .realm("realm-uuid", "edu")
                .actor("actor-uuid", "state.admin@kc-edu.example", "kc-edu-admin-ui", "203.0.113.7")
                .target("user", "user-uuid")
                .change("email", "old@kc-edu.example", "new@kc-edu.example")
                .change("firstName", null, "Ann")
                .bulk("job-17", 42L)
                .correlationId("corr-1");
    }

    private Message parse(AuditEvent e) {
        return StrictRfc5424Parser.parse(formatter.format(e));
    }

    @Test
    void everyFieldTravelsAsStructuredDataWithCorrectHeader() {
        Message m = parse(full().build());
        assertEquals(10, m.facility());
        assertEquals(5, m.severity(), "success = notice");
        assertEquals(1, m.version());
        assertEquals("2026-11-25T06:32:11.123Z", m.timestamp(), "RFC 3339, UTC, milliseconds");
        assertEquals("idp-1.example", m.hostname());
        assertEquals("kc-edu", m.appName());
        assertEquals("4242", m.procId());
        assertEquals("USER_UPDATE", m.msgId());
        assertEquals(Set.of(SD), m.structuredData().keySet());
        Map<String, String> expected = Map.ofEntries(
                Map.entry("event-id", "0b0e6d6c-5d2a-4d0e-9a5e-7f6f4f3c2b1a"), Map.entry("realm-id", "realm-uuid"),
                Map.entry("realm", "edu"), Map.entry("actor-user-id", "actor-uuid"),
                Map.entry("actor-username", "state.admin@kc-edu.example"), Map.entry("actor-client-id", "kc-edu-admin-ui"),
                Map.entry("actor-ip", "203.0.113.7"), Map.entry("entry-point", "BULK"), Map.entry("action", "USER_UPDATE"),
                Map.entry("target-type", "user"), Map.entry("target-id", "user-uuid"), Map.entry("outcome", "SUCCESS"),
                Map.entry("bulk-job-id", "job-17"), Map.entry("bulk-row", "42"), Map.entry("correlation-id", "corr-1"),
                Map.entry("before.email", "old@kc-edu.example"), Map.entry("after.email", "new@kc-edu.example"),
                Map.entry("after.firstName", "Ann"));
        expected.forEach((k, v) -> assertEquals(v, m.param(SD, k), k));
        assertEquals(expected.keySet(), m.structuredData().get(SD).keySet(), "no other params (before.firstName is null)");
        assertTrue(m.bom(), "UTF-8 MSG starts with the BOM");
        assertEquals("state.admin@kc-edu.example (via BULK) USER_UPDATE user user-uuid in realm edu: SUCCESS;"
                + " email 'old@kc-edu.example' -> 'new@kc-edu.example'; firstName (none) -> 'Ann'; bulk job job-17 row 42",
                m.msg());
    }

    @Test
    void severityFollowsOutcomeAndFacilityIsConfigurable() {
        Rfc5424Formatter local3 = new Rfc5424Formatter(Facility.parse("local3"), 32473, "h", "kc-edu", "1", 2000);
        Message denied = StrictRfc5424Parser.parse(local3.format(full().denied("not in your domain").build()));
        assertEquals(19, denied.facility());
        assertEquals(4, denied.severity(), "denied = warning");
        assertEquals("not in your domain", denied.param(SD, "reason"));
        assertEquals("DENIED", denied.param(SD, "outcome"));
        Message failed = parse(full().failed("db down").build());
        assertEquals(3, failed.severity(), "failed = err");
        assertTrue(new String(local3.format(full().build()), StandardCharsets.UTF_8).startsWith("<157>1 "), "19*8+5");
        assertEquals(Facility.AUTH, Facility.parse("4"));
        assertThrows(IllegalArgumentException.class, () -> Facility.parse("nosuch"));
        assertThrows(IllegalArgumentException.class, () -> Facility.parse("24"));
    }

    @Test
    void quoteBackslashAndBracketAreEscapedAndRoundTrip() {
        String nasty = "a]b\"c\\d \\] [x] \"\" end\\";
        Message m = parse(full().target("user", nasty).change("lastName", "O\"Brien]", "\\\\server\\share").build());
        assertEquals(nasty, m.param(SD, "target-id"));
        assertEquals("O\"Brien]", m.param(SD, "before.lastName"));
        assertEquals("\\\\server\\share", m.param(SD, "after.lastName"));
        String raw = new String(formatter.format(full().target("user", "x]y").build()), StandardCharsets.UTF_8);
        assertTrue(raw.contains("target-id=\"x\\]y\""), raw);
    }

    @Test
    void nonAsciiNamesAreUtf8InValuesAndMessage() {
        String name = "Zoë Ångström-Łukasiewicz 山田太郎 \uD83D\uDE00";
        Message m = parse(full().actor("a", name, null, null).change("lastName", "Müller", "Nguyễn").build());
        assertEquals(name, m.param(SD, "actor-username"));
        assertEquals("Nguyễn", m.param(SD, "after.lastName"));
        assertTrue(m.msg().startsWith(name + " (via BULK)"), m.msg());
        assertTrue(m.msg().contains("'Müller' -> 'Nguyễn'"), m.msg());
    }

    @Test
    void veryLongValuesAreCutAndStillValid() {
        String longValue = "x".repeat(100_000);
        byte[] bytes = formatter.format(full().change("description", null, longValue).target("user", "é".repeat(5000)).build());
        Message m = StrictRfc5424Parser.parse(bytes);
        assertTrue(m.param(SD, "after.description").startsWith("x".repeat(2000) + "...(truncated, 100000 chars)"));
        assertEquals(2000 + "...(truncated, 5000 chars)".length(), m.param(SD, "target-id").length());
        // SD carries each value up to max-value-length characters, the MSG only a short excerpt
        assertTrue(bytes.length < 8192, "fits the 8 KiB RFC 5425 receivers must accept: " + bytes.length);
        assertTrue(m.msg().contains("'" + "x".repeat(200)), m.msg());
        // a cut never splits a surrogate pair into invalid UTF-8
        Message emoji = StrictRfc5424Parser.parse(new Rfc5424Formatter(Facility.AUTHPRIV, 32473, "h", "a", "1", 16)
                .format(full().target("user", "a" + "\uD83D\uDE00".repeat(20)).build()));
        assertTrue(emoji.param(SD, "target-id").startsWith("a" + "\uD83D\uDE00".repeat(7) + "...(truncated, 41 chars)"),
                emoji.param(SD, "target-id"));
    }

    @Test
    void nullFieldsAreLeftOutNotWrittenAsNull() {
        AuditEvent minimal = AuditEvent.builder(EntryPoint.SYSTEM, "PURGE").build();
        Message m = parse(minimal);
        assertEquals(Set.of("event-id", "entry-point", "action", "outcome"), m.structuredData().get(SD).keySet());
        assertFalse(m.msg().contains("null"), m.msg());
        assertEquals("system (via SYSTEM) PURGE: SUCCESS", m.msg());
    }

    @Test
    void changeFieldNamesBecomeValidSdNames() {
        AuditEvent e = full().change("first name", "a", "b").change("x=y", "1", "2").change("q\"u]o", "3", "4")
                .change("attribute.a-very-long-custom-attribute-name-one", "5", "6")
                .change("attribute.a-very-long-custom-attribute-name-two", "7", "8")
                .change("ünïcode", "9", "10").build();
        Message m = parse(e); // the strict parser already rejects invalid names; check more
        Set<String> names = m.structuredData().get(SD).keySet();
        for (String n : names) {
            assertTrue(Rfc5424Formatter.isValidSdName(n), n);
        }
        assertEquals("a", m.param(SD, "before.first_name"));
        assertEquals("2", m.param(SD, "after.x_y"));
        assertEquals("4", m.param(SD, "after.q_u_o"));
        assertEquals(new HashSet<>(names).size(), names.size());
        long longOnes = names.stream().filter(n -> n.startsWith("before.attribute.a-very")).count();
        assertEquals(2, longOnes, "two long field names stay distinct after cutting: " + names);
        assertFalse(Rfc5424Formatter.isValidSdName(""));
        assertFalse(Rfc5424Formatter.isValidSdName("a".repeat(33)));
        assertFalse(Rfc5424Formatter.isValidSdName("a b"));
        assertTrue(Rfc5424Formatter.isValidSdName("a".repeat(32)));
    }

    @Test
    void secretsNeverLeave() {
        byte[] bytes = formatter.format(full().change("password", "hunter2-old", "hunter2-new")
                .change("clientSecret", null, "s3cr3t-value").build());
        String raw = new String(bytes, StandardCharsets.UTF_8);
        assertFalse(raw.contains("hunter2") || raw.contains("s3cr3t-value"), raw);
        Message m = StrictRfc5424Parser.parse(bytes);
        assertEquals("(redacted)", m.param(SD, "after.password"));
        assertNull(m.param(SD, "before.clientSecret"));
    }

    @Test
    void headerFieldsAreSanitizedAndBounded() {
        Rfc5424Formatter f = new Rfc5424Formatter(Facility.AUTHPRIV, 1234567, "my host", "", "1", 2000);
        Message m = StrictRfc5424Parser.parse(f.format(AuditEvent.builder(EntryPoint.API,
                "A_VERY_LONG_ACTION_NAME_THAT_EXCEEDS_32_CHARS").build()));
        assertEquals("my_host", m.hostname());
        assertEquals("-", m.appName());
        assertEquals("A_VERY_LONG_ACTION_NAME_THAT_EXC", m.msgId());
        assertEquals(Set.of("kcedu@1234567"), m.structuredData().keySet());
        assertThrows(IllegalArgumentException.class,
                () -> new Rfc5424Formatter(Facility.AUTHPRIV, 0, "h", "a", "1", 100));
    }

    @Test
    void theParserIsStrict() {
        assertThrows(Rfc5424Exception.class, () -> p("<013>1 - - - - - -"));
        assertThrows(Rfc5424Exception.class, () -> p("<192>1 - - - - - -"));
        assertThrows(Rfc5424Exception.class, () -> p("<13>1 2026-11-25 06:00:00Z - - - - -"));
        assertThrows(Rfc5424Exception.class, () -> p("<13>1 - - - - " + "M".repeat(33) + " -"));
        assertThrows(Rfc5424Exception.class, () -> p("<13>1 - - - - - [a b c=\"1\"]"), "space in PARAM-NAME");
        assertThrows(Rfc5424Exception.class, () -> p("<13>1 - - - - - [a=b x=\"1\"]"), "= in SD-ID");
        assertThrows(Rfc5424Exception.class, () -> p("<13>1 - - - - - [a x=\"1]\"]"), "unescaped ]");
        assertThrows(Rfc5424Exception.class, () -> p("<13>1 - - - - - [a@x x=\"1\"]"), "PEN must be digits");
        assertThrows(Rfc5424Exception.class, () -> p("<13>1 - - - - - [a x=\"1\"][a y=\"2\"]"), "duplicate SD-ID");
        assertThrows(Rfc5424Exception.class, () -> p("<13>1 - - - - - [" + "n".repeat(33) + "]"));
        assertThrows(Rfc5424Exception.class, () -> StrictRfc5424Parser.parse(new byte[] {'<', '1', '>', '1', ' ', '-',
                ' ', '-', ' ', '-', ' ', '-', ' ', '-', ' ', '-', ' ', (byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xC3}));
        assertEquals("1\"]\\", p("<13>1 - - - - - [a x=\"1\\\"\\]\\\\\"]").param("a", "x"));
    }

    private static Message p(String s) {
        return StrictRfc5424Parser.parse(s.getBytes(StandardCharsets.UTF_8));
    }
}
