package org.kcedu.it.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kcedu.it.bulk.BulkClient.assertCounts;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kcedu.bulk.csv.BulkXlsxWriter;
import org.kcedu.it.support.Api;
import org.kcedu.it.support.EduRealmConfig;
import org.kcedu.it.support.KcEduServerConfig;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * XLSX bulk files on a real Keycloak (batch size 7): every kind exported as a workbook re-imports unchanged, the
 * error report as a workbook re-imports, formula cells refuse their row, zip bombs and non-workbooks get a JSON 4xx,
 * and a 100,000-row workbook streams with the server's heap flat.
 */
@KeycloakIntegrationTest(config = KcEduServerConfig.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkXlsxIT {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static final ObjectMapper JSON = new ObjectMapper();
    /** Every kind of the registry (DefaultBulkServiceFactory plus the ServiceLoader kind self-registration). */
    static final List<String> KINDS = List.of("domains", "subjects", "roles", "users", "assignments", "groups",
            "group-memberships", "group-assignments", "self-registration");

    @InjectRealm(config = BulkDirectoryRealmConfig.class)
    ManagedRealm realm;

    final HttpClient http = HttpClient.newHttpClient();
    String token;
    String base;
    BulkClient admin;
    final String p = "X" + UUID.randomUUID().toString().substring(0, 5).toUpperCase();

    /** Once (the realm is injected only after @BeforeAll would run). */
    @BeforeEach
    void fixtures() throws Exception {
        if (token != null) {
            return;
        }
        String url = realm.getBaseUrl();
        token = Api.token(url, "state.admin@kc-edu.example", EduRealmConfig.DEMO_PASSWORD);
        admin = new BulkClient(url, token);
        base = url + "/kc-edu/bulk";
        // one CSV file per kind, in dependency order; cells that a spreadsheet would take as formulas included
        load("domains", "type,identifier,name,nces_id,parent_type,parent_identifier,status\n"
                + "STATE," + p + "S,State " + p + ",,,,active\n"
                + "DISTRICT," + p + "D,\"=SUM(1,2)\",0600001,STATE," + p + "S,active\n"
                + "SCHOOL," + p + "K,School 1,060000100001,DISTRICT," + p + "D,inactive\n");
        load("subjects", "code,name\n" + p + "M,Mathematics\n" + p + "E,-English\n");
        load("roles", "name,description,domain_types,subjects,subject_required,administrative\n"
                + p + "Teacher,@teaches,SCHOOL|DISTRICT,,false,false\n"
                + p + "Scorer,,SCHOOL|DISTRICT," + p + "M|" + p + "E,true,false\n");
        load("users", "username,email,first_name,last_name,enabled,external_id\n"
                + p + "ann," + p + "ann@bulk.kc-edu.example,Ann,+1 Lee,true,007\n"
                + p + "bob," + p + "bob@bulk.kc-edu.example,\"  Bob  \",\"\t=cmd\",false,\n");
        load("assignments", "username,role,domain_type,domain_identifier,subject,start,expiry\n"
                + p + "ann," + p + "Teacher,DISTRICT," + p + "D,,,\n"
                + p + "bob," + p + "Scorer,DISTRICT," + p + "D," + p + "M,2026-09-01,2099-06-30T12:30:00Z\n");
        load("groups", "domain_type,domain_identifier,name,description\nDISTRICT," + p + "D,Grade 5,=fifth\n");
        load("group-memberships", "group_domain_type,group_domain_identifier,group,username\n"
                + "DISTRICT," + p + "D,Grade 5," + p + "ann\n");
        load("group-assignments", "group_domain_type,group_domain_identifier,group,role,domain_type,"
                + "domain_identifier,subject,start,expiry\nDISTRICT," + p + "D,Grade 5," + p + "Teacher,DISTRICT,"
                + p + "D,,,2099-01-01\n");
        load("self-registration", "email_domain,role,domain_type,domain_identifier\n"
                + p.toLowerCase() + ".example," + p + "Teacher,DISTRICT," + p + "D\n");
    }

    private void load(String kind, String csv) throws Exception {
        JsonNode job = admin.importAndWait(kind, csv, false);
        assertEquals("COMPLETED", job.get("status").asText(), job.toString());
        assertEquals(0, job.get("rejected").asInt(), kind + ": " + admin.errors(kind, job));
    }

    @Test
    void everyKindExportedAsXlsxReimportsWithNoErrorAndNothingChanged() throws Exception {
        for (String kind : KINDS) {
            String csvBefore = admin.export(kind);
            long rows = csvRecords(csvBefore) - 1;
            assertTrue(rows >= 1, kind + " has rows to export: " + csvBefore);
            HttpResponse<byte[]> byAccept = get(kind + "/export", XLSX);
            assertEquals(200, byAccept.statusCode(), kind);
            assertEquals(XLSX, byAccept.headers().firstValue("Content-Type").orElse(""), kind);
            assertTrue(byAccept.headers().firstValue("Content-Disposition").orElse("").contains(kind + ".xlsx"));
            byte[] workbook = get(kind + "/export?format=xlsx", null).body();
            assertEquals("PK", new String(workbook, 0, 2, StandardCharsets.US_ASCII), kind + " is a ZIP");
            assertEquals(sheetText(byAccept.body()), sheetText(workbook), kind + ": Accept and format=xlsx agree");

            JsonNode job = waitFor(kind, upload(kind, workbook, XLSX, null));
            assertEquals("COMPLETED", job.get("status").asText(), kind + " " + job);
            assertCounts(job, 0, 0, 0, rows, 0);
            assertEquals(0, job.get("reportRows").asLong(), kind + " " + job);
            assertEquals(csvBefore, admin.export(kind), kind + " unchanged by its own XLSX export");
        }
        // the cells a spreadsheet would evaluate are neutralised exactly as in CSV
        String domains = sheetText(get("domains/export?format=xlsx", null).body());
        assertTrue(domains.contains("|'=SUM(1,2)|0600001|"), domains);
        assertTrue(sheetText(get("users/export?format=xlsx", null).body()).contains("|'\t=cmd|"));
    }

    @Test
    void formulaCellsAreRefusedAndTheXlsxErrorReportReimportsAsItIsAndFixed() throws Exception {
        XSSFWorkbook wb = new XSSFWorkbook();
        Sheet s = wb.createSheet("users");
        row(s, 0, "username", "email", "enabled");
        row(s, 1, p + "f1", p + "f1@bulk.kc-edu.example", "true");
        row(s, 2, p + "f2", null, "true").createCell(1).setCellFormula("A3&\"@bulk.kc-edu.example\"");
        row(s, 3, p + "f3", p + "f3@bulk.kc-edu.example", "maybe");
        wb.createSheet("ignored").createRow(0).createCell(0).setCellValue("not a column");
        byte[] file = bytes(wb);
        // a multipart upload is told by its magic bytes
        JsonNode job = waitFor("users", upload("users", file, null, "multipart"));
        assertCounts(job, 1, 0, 0, 0, 2);

        HttpResponse<byte[]> report = get("users/imports/" + job.get("id").asText() + "/errors", XLSX);
        assertEquals(200, report.statusCode());
        assertEquals(XLSX, report.headers().firstValue("Content-Type").orElse(""));
        String text = sheetText(report.body());
        assertTrue(text.contains("|3|email|email (cell B3) holds a formula (=A3&\"@bulk.kc-edu.example\"); formulas"
                + " are never evaluated on import"), text);
        assertTrue(text.contains("'=A3&\"@bulk.kc-edu.example\""), "the report shows the formula as text: " + text);
        assertTrue(text.contains("|4|enabled|enabled must be true or false"), text);
        assertEquals(text, sheetText(get("users/imports/" + job.get("id").asText() + "/errors?format=xlsx", "text/csv")
                .body()), "format= wins over Accept");

        // uploaded as it is, the report is refused the same way and changes nothing
        JsonNode again = waitFor("users", upload("users", report.body(), XLSX, null));
        assertCounts(again, 0, 0, 0, 0, 2);

        // fixed in a spreadsheet (the two cells the report names) and uploaded again as it is: both rows are created
        byte[] fixed;
        try (XSSFWorkbook wb2 = new XSSFWorkbook(new ByteArrayInputStream(report.body()))) {
            Sheet r = wb2.getSheetAt(0);
            List<String> header = new ArrayList<>();
            r.getRow(0).forEach(c -> header.add(c.getStringCellValue()));
            int email = header.indexOf("email");
            int enabled = header.indexOf("enabled");
            for (Row row : r) {
                if (row.getRowNum() == 0) {
                    continue;
                }
                String user = row.getCell(header.indexOf("username")).getStringCellValue();
                // a new cell, as a spreadsheet application writes it (POI's setCellValue on one of the report's
                // inline-string cells would keep the old text, see BulkXlsxTest)
                int col = user.equals(p + "f2") ? email : enabled;
                if (row.getCell(col) != null) {
                    row.removeCell(row.getCell(col));
                }
                row.createCell(col).setCellValue(col == email ? p + "f2@bulk.kc-edu.example" : "true");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb2.write(out);
            fixed = out.toByteArray();
        }
        JsonNode fixedJob = waitFor("users", upload("users", fixed, XLSX, null));
        assertCounts(fixedJob, 2, 0, 0, 0, 0);
        String users = admin.export("users").toLowerCase(); // Keycloak lower-cases usernames and e-mails
        assertTrue(users.contains((p + "f2@bulk.kc-edu.example").toLowerCase())
                && users.contains((p + "f3@bulk.kc-edu.example").toLowerCase()), users);
    }

    @Test
    void zipBombsNonWorkbooksAndUnknownFormatsGetAJsonError() throws Exception {
        HttpResponse<String> bomb = uploadRaw("users", zipBomb(), XLSX);
        assertEquals(400, bomb.statusCode(), bomb.body());
        JsonNode error = JSON.readTree(bomb.body());
        assertEquals("file", error.get("field").asText(), bomb.body());
        assertTrue(error.toString().contains("zip bomb"), bomb.body());

        HttpResponse<String> notXlsx = uploadRaw("users", "username\nann\n".getBytes(StandardCharsets.UTF_8), XLSX);
        assertEquals(400, notXlsx.statusCode(), notXlsx.body());
        assertTrue(notXlsx.body().contains("not an XLSX workbook"), notXlsx.body());

        HttpResponse<byte[]> pdf = get("users/export?format=pdf", null);
        assertEquals(400, pdf.statusCode());
        assertEquals("format", JSON.readTree(pdf.body()).get("field").asText());
    }

    @Test
    void aHundredThousandUserWorkbookStreamsWithTheServersHeapFlat() throws Exception {
        Path file = Files.createTempFile("users-100k", ".xlsx");
        try (var out = Files.newOutputStream(file); BulkXlsxWriter w = new BulkXlsxWriter(out)) {
            w.header(List.of("username", "email", "first_name", "last_name", "enabled"));
            for (int i = 0; i < 100_000; i++) {
                w.row(List.of(p + "u" + i, p + "u" + i + "@bulk.kc-edu.example", "First" + i, "Last" + i, "true"));
            }
        }
        byte[] body = Files.readAllBytes(file);
        Files.delete(file);
        Optional<ProcessHandle> keycloak = keycloakProcess();
        // a distribution server is another JVM, read with jcmd; an embedded one is this JVM
        String where = keycloak.map(ph -> "Keycloak JVM pid " + ph.pid() + " (jcmd)").orElse("this JVM (embedded server)");
        long before = keycloak.map(BulkXlsxIT::usedHeapAfterGc).orElseGet(BulkXlsxIT::ownUsedHeapAfterGc);
        long t0 = System.currentTimeMillis();
        // a dry-run: every row is read, planned and authorized, nothing is written (100,000 new users in the
        // in-memory H2 database would themselves fill the heap and hide what the reader keeps)
        String id = upload("users", body, XLSX, "dryRun=true");
        long peak = before;
        JsonNode job;
        while (true) {
            job = status("users", id);
            String st = job.get("status").asText();
            if (st.equals("COMPLETED") || st.equals("FAILED")) {
                break;
            }
            peak = Math.max(peak, keycloak.map(BulkXlsxIT::usedHeapAfterGc).orElseGet(BulkXlsxIT::ownUsedHeapAfterGc));
            assertTrue(System.currentTimeMillis() - t0 < 1_500_000, "100,000 rows within 25 minutes: " + job);
            Thread.sleep(15_000);
        }
        long seconds = (System.currentTimeMillis() - t0) / 1000;
        assertEquals("COMPLETED", job.get("status").asText(), job.toString());
        assertCounts(job, 100_000, 0, 0, 0, 0);
        System.out.printf("XLSX 100,000 users dry-run: upload %d bytes, %d s (batch size 7); used heap after GC of %s:"
                + " %.1f MB before, at most %.1f MB while importing%n", body.length, seconds, where,
                before / 1048576.0, peak / 1048576.0);
        if (before > 0) {
            assertTrue(peak - before < 128L * 1024 * 1024, "heap grew by " + (peak - before) + " bytes");
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The Keycloak the test framework started (a separate JVM), found by its home directory option. */
    static Optional<ProcessHandle> keycloakProcess() {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses().filter(ph -> ph.pid() != self)
                .filter(ph -> ph.info().commandLine().map(c -> c.contains("kc.home.dir") && c.contains("java"))
                        .orElse(false))
                .findFirst();
    }

    /** {@code jcmd GC.run} then the used heap from {@code GC.heap_info} (bytes), or -1 when jcmd cannot attach. */
    static long usedHeapAfterGc(ProcessHandle ph) {
        try {
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            run(jcmd, String.valueOf(ph.pid()), "GC.run");
            String info = run(jcmd, String.valueOf(ph.pid()), "GC.heap_info");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
            return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    static long ownUsedHeapAfterGc() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    static String run(String... cmd) throws Exception {
        Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        pr.waitFor();
        return out;
    }

    private static Row row(Sheet s, int index, String... values) {
        Row r = s.createRow(index);
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                r.createCell(i).setCellValue(values[i]);
            }
        }
        return r;
    }

    private static byte[] bytes(XSSFWorkbook wb) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        wb.write(out);
        wb.close();
        return out.toByteArray();
    }

    /** Every cell of the first sheet as displayed text, a row per line, cells between {@code |}. */
    static String sheetText(byte[] xlsx) throws IOException {
        StringBuilder b = new StringBuilder();
        DataFormatter f = new DataFormatter();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            for (Row r : wb.getSheetAt(0)) {
                b.append('|');
                for (int i = 0; i < r.getLastCellNum(); i++) {
                    b.append(r.getCell(i) == null ? "" : f.formatCellValue(r.getCell(i))).append('|');
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    static long csvRecords(String csv) throws IOException {
        try (var parser = org.apache.commons.csv.CSVParser.parse(csv, org.apache.commons.csv.CSVFormat.RFC4180)) {
            return parser.getRecords().size();
        }
    }

    private HttpResponse<byte[]> get(String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/" + path))
                .header("Authorization", "Bearer " + token);
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> uploadRaw(String kind, byte[] body, String contentType) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/" + kind + "/imports"))
                .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Uploads as the raw body with {@code contentType}, or as multipart when {@code query} is "multipart". */
    private String upload(String kind, byte[] body, String contentType, String query) throws Exception {
        HttpResponse<String> res;
        if ("multipart".equals(query)) {
            String boundary = "kcedu" + UUID.randomUUID();
            ByteArrayOutputStream form = new ByteArrayOutputStream();
            form.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"u.xlsx\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            form.write(body);
            form.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            res = http.send(HttpRequest.newBuilder(URI.create(base + "/" + kind + "/imports"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(form.toByteArray())).build(),
                    HttpResponse.BodyHandlers.ofString());
        } else {
            res = http.send(HttpRequest.newBuilder(URI.create(base + "/" + kind + "/imports"
                            + (query != null ? "?" + query : "")))
                    .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
        assertEquals(202, res.statusCode(), res.body());
        return JSON.readTree(res.body()).get("id").asText();
    }

    private JsonNode status(String kind, String id) throws Exception {
        HttpResponse<byte[]> res = get(kind + "/imports/" + id, "application/json");
        assertEquals(200, res.statusCode());
        return JSON.readTree(res.body());
    }

    private JsonNode waitFor(String kind, String id) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            JsonNode job = status(kind, id);
            String st = job.get("status").asText();
            if (st.equals("COMPLETED") || st.equals("FAILED")) {
                return job;
            }
            assertTrue(System.currentTimeMillis() < deadline, "job did not finish: " + job);
            Thread.sleep(100);
        }
    }

    /** A valid workbook of kc-edu's own export whose sheet XML is padded with 60 MB of spaces (about 1:1000). */
    private byte[] zipBomb() throws Exception {
        Path ok = Files.createTempFile("kcedu-ok", ".xlsx");
        Files.write(ok, get("subjects/export?format=xlsx", null).body());
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        org.kcedu.bulk.csv.ZipBombs.padSheet(ok, bomb, 60);
        Files.delete(ok);
        return bomb.toByteArray();
    }
}
