package org.kcedu.bulk.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kcedu.bulk.csv.BulkRowReader;
import org.kcedu.bulk.csv.CsvRow;

/** Row validation and key claims of the users kind (no database needed). */
class UsersHandlerTest {

    private final UsersHandler handler = new UsersHandler();

    private List<CsvRow> rows(String csv) throws IOException {
        List<CsvRow> out = new ArrayList<>();
        try (BulkRowReader r = new BulkRowReader(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                handler.schema())) {
            r.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void validRowsPass() throws IOException {
        for (CsvRow row : rows("username,email,first_name,last_name,enabled\nann,ann@x.org,Ann,Lee,true\n"
                + "bob,,,,FALSE\n")) {
            assertNull(handler.validate(row), row.toString());
        }
    }

    @Test
    void typeAndSyntaxErrorsAreNamed() throws IOException {
        List<CsvRow> r = rows("username,email,enabled,new_email\n,,true,\nann,not-an-email,true,\n"
                + "bob,b@x.org,yes,\ncid,c@x.org,,\ndan,d@x.org,true,bad@\n,a@x.org,true,\n");
        assertTrue(handler.validate(r.get(0)).startsWith("username is required"));
        assertNull(handler.validate(r.get(5)), "no username but an e-mail: the realm decides (e-mail as username)");
        assertTrue(handler.validate(r.get(1)).startsWith("email 'not-an-email' is not a valid"));
        assertTrue(handler.validate(r.get(2)).startsWith("enabled must be true or false"));
        assertTrue(handler.validate(r.get(3)).startsWith("enabled must be true or false"), "empty enabled");
        assertTrue(handler.validate(r.get(4)).startsWith("new_email"));
    }

    @Test
    void deleteRowsNeedOnlyTheKey() throws IOException {
        CsvRow row = rows("action,username,email\nDELETE,ann,whatever\n").get(0);
        assertNull(handler.validate(row));
        assertEquals(List.of("username:ann"), handler.claimedKeys(row));
    }

    @Test
    void claimsAreCaseInsensitiveAndIncludeNewKeys() throws IOException {
        CsvRow row = rows("username,new_username,email,new_email\nAnn,ann2,OLD@x.org,New@X.org\n").get(0);
        assertEquals(List.of("username:ann", "username:ann2", "email:new@x.org"), handler.claimedKeys(row));
    }
}
