package org.kcedu.directory.jpa;

import java.sql.Connection;
import java.sql.SQLException;

import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.CustomChangeException;

/**
 * Liquibase change (changelog 0.5.0): the search row of every existing user that has none. Java rather than SQL
 * because the folding must be the very one the search applies to its term ({@link org.kcedu.directory.NameFold}); SQL
 * has no portable equivalent on H2, PostgreSQL and MariaDB.
 */
public class UserSearchFill extends SimpleTaskChange {

    private int written;

    @Override
    public void execute(Database database) throws CustomChangeException {
        try {
            Connection c = ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
            written = UserSearchSync.fillMissing(c);
        } catch (SQLException e) {
            throw new CustomChangeException("kc-edu: could not fill EDU_USER_SEARCH", e);
        }
    }

    @Override
    public String getConfirmationMessage() {
        return "kc-edu: search rows written for " + written + " users";
    }
}
