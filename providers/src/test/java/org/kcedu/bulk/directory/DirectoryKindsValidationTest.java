package org.kcedu.bulk.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kcedu.bulk.EntityHandler;
import org.kcedu.bulk.csv.BulkCsvReader;
import org.kcedu.bulk.csv.BulkFormatException;
import org.kcedu.bulk.csv.CsvRow;

/** Header checks, row validation and key claims of the directory kinds (no database needed). */
class DirectoryKindsValidationTest {

    private static List<CsvRow> rows(EntityHandler handler, String csv) throws IOException {
        List<CsvRow> out = new ArrayList<>();
        try (BulkCsvReader r = new BulkCsvReader(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                handler.schema())) {
            r.forEachRemaining(out::add);
        }
        return out;
    }

    private static String problem(EntityHandler handler, String csv) throws IOException {
        return handler.validate(rows(handler, csv).get(0));
    }

    // ---- subjects

    @Test
    void subjectRows() throws IOException {
        SubjectsHandler s = new SubjectsHandler();
        assertNull(problem(s, "code,name\nmath,Mathematics\n"));
        assertTrue(problem(s, "code,name\nMA TH,x\n").contains("must be 1-64 letters"));
        assertEquals(List.of("code:MATH", "code:MATHS"), s.claimedKeys(rows(s, "code,new_code\nmath,maths\n").get(0)));
    }
}
