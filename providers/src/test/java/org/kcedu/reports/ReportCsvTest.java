package org.kcedu.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class ReportCsvTest {

    @Test
    void quotesSeparatorsAndDefusesFormulas() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ReportCsv w = new ReportCsv(bytes)) {
            w.row(List.of("name", "n"));
            w.row(Arrays.asList("Lincoln, \"North\"", 3));
            w.row(Arrays.asList("=HYPERLINK(1)", -2));
            w.row(Arrays.asList(null, 0));
        }
        assertEquals("\uFEFFname,n\r\n\"Lincoln, \"\"North\"\"\",3\r\n'=HYPERLINK(1),-2\r\n,0\r\n",
                bytes.toString(StandardCharsets.UTF_8), "numbers are never prefixed, even negative ones");
    }
}
