package org.kcedu.bulkimport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void parsesClientCredentialsAndPlacesReportsNextToTheInput() {
        Options o = Options.parse(new String[] {"--url", "http://kc:8080/", "--realm", "edu", "--client-id", "c",
                "--client-secret", "s", "--dry-run", "/data/in/users.CSV"});
        assertEquals("http://kc:8080", o.url());
        assertEquals("users", o.entity());
        assertTrue(o.dryRun());
        assertEquals(Path.of("/data/in/users.errors.csv"), o.errorReport());
        assertEquals(Path.of("/data/in/users.job"), o.jobFile());
    }

    @Test
    void aWorkbookIsUploadedAsXlsxAndItsReportIsAWorkbookToo() {
        Options o = Options.parse(new String[] {"--url", "u", "--realm", "r", "--client-id", "c", "--client-secret",
                "s", "/data/in/users.XLSX"});
        assertTrue(o.xlsx());
        assertEquals(Path.of("/data/in/users.errors.xlsx"), o.errorReport());
        assertEquals(Path.of("/data/in/users.job"), o.jobFile());
        assertTrue(!Options.parse(new String[] {"--url", "u", "--realm", "r", "--client-id", "c", "--client-secret",
                "s", "users.csv"}).xlsx());
    }

    @Test
    void acceptsEveryServerFileKindAndRefusesOthers() {
        for (String kind : new String[] {"users", "domains", "subjects", "roles", "assignments", "group-memberships"}) {
            assertEquals(kind, Options.parse(new String[] {"--url", "u", "--realm", "r", "--client-id", "c",
                    "--client-secret", "s", "--entity", kind, "f.csv"}).entity());
        }
        Options.UsageException e = assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {
                "--url", "u", "--realm", "r", "--client-id", "c", "--client-secret", "s", "--entity", "planets",
                "f.csv"}));
        assertTrue(e.getMessage().contains("unknown --entity planets"), e.getMessage());
    }

    @Test
    void setPasswordEmailIsAUsersOption() {
        assertTrue(Options.parse(new String[] {"--url", "u", "--realm", "r", "--client-id", "c", "--client-secret", "s",
                "--send-set-password-email", "f.csv"}).setPasswordEmail());
        Options.UsageException e = assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {
                "--url", "u", "--realm", "r", "--client-id", "c", "--client-secret", "s", "--entity", "roles",
                "--send-set-password-email", "f.csv"}));
        assertTrue(e.getMessage().contains("users only"), e.getMessage());
    }

    @Test
    void refusesIncompleteCommandLines() {
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--url", "u", "f.csv"}));
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--url", "u", "--realm", "r",
                "--client-id", "c", "--username", "x", "f.csv"}));
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--url", "u", "--realm", "r",
                "--client-id", "c", "--client-secret", "s", "--bogus", "f.csv"}));
    }

    @Test
    void progressAndSummaryRender() throws Exception {
        var job = new ObjectMapper().readTree("{\"status\":\"RUNNING\",\"rowsTotal\":100,\"rowsRead\":50,"
                + "\"created\":40,\"updated\":5,\"deleted\":0,\"unchanged\":3,\"rejected\":2,\"dryRun\":false}");
        assertEquals("[###############               ] 50/100 rows RUNNING", BulkImportCli.progress(job));
        assertEquals("RUNNING: created 40, updated 5, deleted 0, unchanged 3, rejected 2", BulkImportCli.summary(job));
    }

    @Test
    void summaryNamesNotFoundDuplicatesAndBlankLinesWhenThereAreAny() throws Exception {
        var job = new ObjectMapper().readTree("{\"status\":\"COMPLETED\",\"created\":1,\"updated\":0,\"deleted\":0,"
                + "\"unchanged\":0,\"rejected\":0,\"notFound\":2,\"duplicates\":0,\"blankLines\":7}");
        assertEquals("COMPLETED: created 1, updated 0, deleted 0, unchanged 0, rejected 0, not found 2, blank lines 7",
                BulkImportCli.summary(job));
    }
}
