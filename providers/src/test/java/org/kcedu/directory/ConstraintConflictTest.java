package org.kcedu.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;

import jakarta.persistence.PersistenceException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kcedu.core.ApiError;

/** A unique-constraint race lost at flush names the NCES field on each database's own wording. */
class ConstraintConflictTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "ERROR: duplicate key value violates unique constraint \"uk_edu_domain_nces\"", // PostgreSQL
            "(conn=42) Duplicate entry 'r1-0600001' for key 'UK_EDU_DOMAIN_NCES'", // MariaDB
            "Unique index or primary key violation: \"PUBLIC.UK_EDU_DOMAIN_NCES_INDEX_6 ON PUBLIC.EDU_DOMAIN(REALM_ID"
                    + " NULLS FIRST, NCES_ID NULLS FIRST) VALUES ( /* 3 */ 'r1', '0600001' )\""}) // H2
    void theNcesConstraintIsAnsweredAsTheNcesField(String dbMessage) {
        var e = DirectoryStore.conflict("identifier", new PersistenceException("could not execute statement",
                new SQLException(dbMessage)));
        assertEquals(409, e.getResponse().getStatus());
        ApiError body = (ApiError) e.getResponse().getEntity();
        assertEquals("ncesId", body.field());
    }

    @org.junit.jupiter.api.Test
    void anyOtherConstraintKeepsTheRoutesField() {
        var e = DirectoryStore.conflict("identifier", new PersistenceException("x",
                new SQLException("duplicate key value violates unique constraint \"uk_edu_domain_identifier\"")));
        assertEquals("identifier", ((ApiError) e.getResponse().getEntity()).field());
    }
}
