package org.kcedu.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kcedu.it.support.ScratchPostgres;

/**
 * The directory changelog's migrations, each from a database made by the changelog main shipped before it:
 * <ul>
 * <li>0.2.0 role subjects, with subject-specific roles and assignments in it: each subject-specific role gets every
 * subject of its realm and "required", other roles get neither, a subject-specific role of a realm without subjects
 * becomes a role without subjects, and the assignments are untouched; the users' search rows (accent-insensitive
 * search) are written for users that exist before it; the 0.4.0 NCES constraint is skipped while duplicates exist and
 * added once they are fixed;</li>
 * <li>0.5.0 one search table, from 0.4.0 with the rows its listener wrote: username and e-mail filled in lower case,
 * the rows of users that had none written, service accounts' rows removed.</li>
 * </ul>
 * Runs on H2 always, and on the PostgreSQL and MariaDB of 127.0.0.1 when they answer (skipped otherwise, failed on CI
 * for PostgreSQL), each scenario in its own scratch database.
 */
@Tag("persistence")
class DirectoryMigrationIT {

    private static final String BEFORE_020 = "kc-edu-test/directory-changelog-before-0.2.0.xml";
    private static final String BEFORE_050 = "kc-edu-test/directory-changelog-before-0.5.0.xml";
    private static final String MASTER = "META-INF/kc-edu/directory-changelog-master.xml";

    /** One migration scenario, run on an empty database. */
    private interface Scenario {
        void run(Connection c) throws Exception;
    }

    private static final Scenario[] SCENARIOS = {DirectoryMigrationIT::from020, DirectoryMigrationIT::from050};

    @Test
    void h2() throws Exception {
        for (int i = 0; i < SCENARIOS.length; i++) {
            try (Connection c = DriverManager.getConnection("jdbc:h2:mem:kcedu_migration_" + i + ";DB_CLOSE_DELAY=-1", "sa", "")) {
                SCENARIOS[i].run(c);
            }
        }
    }

    @Test
    void postgres() throws Exception {
        for (Scenario scenario : SCENARIOS) {
            try (ScratchPostgres db = ScratchPostgres.create("kcedu_migration");
                 Connection c = DriverManager.getConnection(db.jdbcUrl(), "postgres", "")) {
                scenario.run(c);
            }
        }
    }

    @Test
    void mariadb() throws Exception {
        String server = "jdbc:mariadb://127.0.0.1:3306/";
        String name = "kcedu_migration_" + ProcessHandle.current().pid();
        try (Connection root = connectOrSkip(server)) {
            for (Scenario scenario : SCENARIOS) {
                exec(root, "DROP DATABASE IF EXISTS " + name);
                exec(root, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
                try (Connection c = DriverManager.getConnection(server + name, "root", "")) {
                    scenario.run(c);
                } finally {
                    exec(root, "DROP DATABASE IF EXISTS " + name);
                }
            }
        }
    }

    private static Connection connectOrSkip(String server) {
        try {
            return DriverManager.getConnection(server, "root", "");
        } catch (SQLException e) {
            Assumptions.abort("SKIPPED: MariaDB does not answer on 127.0.0.1:3306 as root (" + e.getMessage() + ")");
            return null;
        }
    }

    /** Keycloak's user table, as far as kc-edu's changesets read it (0.1.1's PostgreSQL indexes, 0.5.0's fill). */
    private static void userTable(Connection c) throws SQLException {
        exec(c, "CREATE TABLE USER_ENTITY (ID VARCHAR(36) PRIMARY KEY, REALM_ID VARCHAR(36), USERNAME VARCHAR(255),"
                + " EMAIL VARCHAR(255), FIRST_NAME VARCHAR(255), LAST_NAME VARCHAR(255),"
                + " SERVICE_ACCOUNT_CLIENT_LINK VARCHAR(255))");
    }

    private static void from020(Connection c) throws Exception {
        userTable(c);
        liquibase(c, BEFORE_020);
        exec(c, "INSERT INTO USER_ENTITY (ID, REALM_ID, USERNAME, FIRST_NAME, LAST_NAME) VALUES ('u1', 'r1', 'u1', 'José', 'MUÑOZ')");
        exec(c, "INSERT INTO USER_ENTITY (ID, REALM_ID, USERNAME, FIRST_NAME, LAST_NAME) VALUES ('u2', 'r1', 'u2', 'Zoë', 'Straße')");
        exec(c, "INSERT INTO USER_ENTITY (ID, REALM_ID, USERNAME, FIRST_NAME, LAST_NAME) VALUES ('u3', 'r2', 'u3', NULL, 'Łukasz')");
        // realm r1: subjects MATH, ELA; a subject-specific role with assignments, a plain role with one
        exec(c, "INSERT INTO EDU_DOMAIN_TYPE (ID, REALM_ID, CODE, NAME, BUILT_IN) VALUES ('t1', 'r1', 'SCHOOL', 'School', TRUE)");
        exec(c, "INSERT INTO EDU_DOMAIN (ID, REALM_ID, TYPE_ID, NAME, IDENTIFIER, ACTIVE, CREATED_AT, UPDATED_AT, VERSION)"
                + " VALUES ('d1', 'r1', 't1', 'School 1', 'S1', TRUE, 0, 0, 0)");
        // two schools sharing an NCES id (written before 0.3.0 checked), two without one
        for (String[] d : new String[][] {{"d2", "'060000100001'"}, {"d3", "'060000100001'"}, {"d4", "NULL"}}) {
            exec(c, "INSERT INTO EDU_DOMAIN (ID, REALM_ID, TYPE_ID, NAME, IDENTIFIER, NCES_ID, ACTIVE, CREATED_AT,"
                    + " UPDATED_AT, VERSION) VALUES ('" + d[0] + "', 'r1', 't1', 'School', '" + d[0] + "', " + d[1]
                    + ", TRUE, 0, 0, 0)");
        }
        exec(c, "INSERT INTO EDU_SUBJECT (ID, REALM_ID, CODE, NAME) VALUES ('math', 'r1', 'MATH', 'Math')");
        exec(c, "INSERT INTO EDU_SUBJECT (ID, REALM_ID, CODE, NAME) VALUES ('ela', 'r1', 'ELA', 'ELA')");
        exec(c, "INSERT INTO EDU_SUBJECT (ID, REALM_ID, CODE, NAME) VALUES ('other', 'r2', 'SCI', 'Science')");
        exec(c, "INSERT INTO EDU_ROLE (ID, REALM_ID, NAME, SUBJECT_SPECIFIC, ADMINISTRATIVE) VALUES ('teacher', 'r1', 'Teacher', TRUE, FALSE)");
        exec(c, "INSERT INTO EDU_ROLE (ID, REALM_ID, NAME, SUBJECT_SPECIFIC, ADMINISTRATIVE) VALUES ('proctor', 'r1', 'Proctor', FALSE, FALSE)");
        // realm r3 has no subjects at all
        exec(c, "INSERT INTO EDU_ROLE (ID, REALM_ID, NAME, SUBJECT_SPECIFIC, ADMINISTRATIVE) VALUES ('lonely', 'r3', 'Lonely', TRUE, FALSE)");
        exec(c, "INSERT INTO EDU_ROLE_ASSIGNMENT (ID, REALM_ID, USER_ID, ROLE_ID, DOMAIN_ID, SUBJECT_ID, CREATED_AT)"
                + " VALUES ('a1', 'r1', 'u1', 'teacher', 'd1', 'math', 0)");
        exec(c, "INSERT INTO EDU_ROLE_ASSIGNMENT (ID, REALM_ID, USER_ID, ROLE_ID, DOMAIN_ID, SUBJECT_ID, CREATED_AT)"
                + " VALUES ('a2', 'r1', 'u2', 'teacher', 'd1', 'ela', 0)");
        exec(c, "INSERT INTO EDU_ROLE_ASSIGNMENT (ID, REALM_ID, USER_ID, ROLE_ID, DOMAIN_ID, CREATED_AT)"
                + " VALUES ('a3', 'r1', 'u1', 'proctor', 'd1', 0)");

        liquibase(c, MASTER);

        assertEquals(List.of("proctor|false|false|", "teacher|true|true|ela,math", "lonely|false|false|"),
                rows(c, "SELECT R.ID, R.SUBJECT_SPECIFIC, R.SUBJECT_REQUIRED FROM EDU_ROLE R"
                        + " ORDER BY R.REALM_ID, R.ID"));
        assertEquals(List.of("a1|math", "a2|ela", "a3|null"),
                plain(c, "SELECT ID, SUBJECT_ID FROM EDU_ROLE_ASSIGNMENT ORDER BY ID"));
        // every existing user's search row, names folded like the search term (0.5.0 writes them)
        assertEquals(List.of("u1|r1|u1|null|jose|munoz", "u2|r1|u2|null|zoe|strasse", "u3|r2|u3|null|null|lukasz"),
                plain(c, SEARCH_ROWS));
        // 0.4.0: duplicate NCES ids keep the unique constraint away, without stopping the upgrade
        String ncesChangeSet = "SELECT COUNT(*) FROM DATABASECHANGELOG WHERE ID = 'kcedu-directory-0.4.0-nces-unique'";
        assertEquals(List.of("0"), plain(c, ncesChangeSet));
        // running it again changes nothing
        liquibase(c, MASTER);
        assertEquals(List.of("teacher|ela", "teacher|math"),
                plain(c, "SELECT ROLE_ID, SUBJECT_ID FROM EDU_ROLE_SUBJECT ORDER BY ROLE_ID, SUBJECT_ID"));
        assertEquals(List.of("0"), plain(c, ncesChangeSet));
        // once the duplicate is fixed, the next start adds the constraint: NCES ids unique, domains without one free
        exec(c, "UPDATE EDU_DOMAIN SET NCES_ID = '060000100002' WHERE ID = 'd3'");
        liquibase(c, MASTER);
        assertEquals(List.of("1"), plain(c, ncesChangeSet));
        exec(c, "INSERT INTO EDU_DOMAIN (ID, REALM_ID, TYPE_ID, NAME, IDENTIFIER, ACTIVE, CREATED_AT, UPDATED_AT, VERSION)"
                + " VALUES ('d5', 'r1', 't1', 'School 5', 'S5', TRUE, 0, 0, 0)");
        assertThrows(SQLException.class, () -> exec(c, "INSERT INTO EDU_DOMAIN (ID, REALM_ID, TYPE_ID, NAME, IDENTIFIER,"
                + " NCES_ID, ACTIVE, CREATED_AT, UPDATED_AT, VERSION) VALUES ('d6', 'r1', 't1', 'School 6', 'S6',"
                + " '060000100001', TRUE, 0, 0, 0)"));
    }

    private static final String SEARCH_ROWS = "SELECT USER_ID, REALM_ID, USERNAME, EMAIL, FIRST_FOLDED, LAST_FOLDED"
            + " FROM EDU_USER_SEARCH ORDER BY USER_ID";

    private static void from050(Connection c) throws Exception {
        userTable(c);
        liquibase(c, BEFORE_050);
        // as 0.4.0's listener left them: folded names only; u2 was loaded while the listener was not registered (no
        // row); u3 is a service account, whose row that listener also wrote
        exec(c, "INSERT INTO USER_ENTITY (ID, REALM_ID, USERNAME, EMAIL, FIRST_NAME, LAST_NAME) VALUES"
                + " ('u1', 'r1', 'jmunoz', 'Jose.Munoz@Example.org', 'José', 'Muñoz')");
        exec(c, "INSERT INTO USER_ENTITY (ID, REALM_ID, USERNAME, EMAIL, FIRST_NAME, LAST_NAME) VALUES"
                + " ('u2', 'r1', 'zoe', NULL, 'Zoë', 'Straße')");
        exec(c, "INSERT INTO USER_ENTITY (ID, REALM_ID, USERNAME, SERVICE_ACCOUNT_CLIENT_LINK) VALUES"
                + " ('u3', 'r1', 'service-account-app', 'client-1')");
        exec(c, "INSERT INTO EDU_USER_SEARCH (USER_ID, REALM_ID, FIRST_FOLDED, LAST_FOLDED) VALUES ('u1', 'r1', 'jose', 'munoz')");
        exec(c, "INSERT INTO EDU_USER_SEARCH (USER_ID, REALM_ID, FIRST_FOLDED, LAST_FOLDED) VALUES ('u3', 'r1', NULL, NULL)");

        liquibase(c, MASTER);

        List<String> expected = List.of("u1|r1|jmunoz|jose.munoz@example.org|jose|munoz", "u2|r1|zoe|null|zoe|strasse");
        assertEquals(expected, plain(c, SEARCH_ROWS));
        liquibase(c, MASTER);
        assertEquals(expected, plain(c, SEARCH_ROWS));
    }

    private static void liquibase(Connection c, String changelog) throws Exception {
        Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
        new Liquibase(changelog, new ClassLoaderResourceAccessor(), db).update(new Contexts(), new LabelExpression());
    }

    /** Role rows as id|specific|required|subject ids (sorted, comma-joined). */
    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        for (String r : plain(c, sql)) {
            String id = r.substring(0, r.indexOf('|'));
            List<String> subjects = plain(c, "SELECT SUBJECT_ID FROM EDU_ROLE_SUBJECT WHERE ROLE_ID = '" + id
                    + "' ORDER BY SUBJECT_ID");
            out.add(r + "|" + String.join(",", subjects));
        }
        return out;
    }

    private static List<String> plain(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = r.getObject(i);
                    cells.add(v instanceof Number num && n > 1 && i > 1 ? String.valueOf(num.intValue() != 0) : String.valueOf(v));
                }
                out.add(String.join("|", cells));
            }
        }
        return out;
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
