package org.kcedu.it.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away PostgreSQL database on 127.0.0.1:5432 (trust authentication, as on the CI machines) for the tests that
 * run their own Keycloak nodes. Where PostgreSQL does not answer the test is skipped, except on CI where it fails.
 */
public final class ScratchPostgres implements AutoCloseable {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private final String name;

    private ScratchPostgres(String name) {
        this.name = name;
    }

    public static ScratchPostgres create(String prefix) throws SQLException {
        requireAnswering();
        ScratchPostgres db = new ScratchPostgres(prefix + "_" + ProcessHandle.current().pid());
        db.admin("DROP DATABASE IF EXISTS " + db.name);
        db.admin("CREATE DATABASE " + db.name);
        return db;
    }

    private static void requireAnswering() {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "")) {
            c.isValid(5);
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("PostgreSQL does not answer on 127.0.0.1:5432 (required on CI)", e);
            }
            Assumptions.abort("SKIPPED: PostgreSQL does not answer on 127.0.0.1:5432 (" + e.getMessage() + ")");
        }
    }

    public String jdbcUrl() {
        return SERVER + name;
    }

    /** The first column of the first row of {@code sql}, run in this database. */
    public long queryLong(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "");
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Runs one data-changing statement in this database; the number of rows changed. */
    public int update(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "");
             Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    private void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
}
