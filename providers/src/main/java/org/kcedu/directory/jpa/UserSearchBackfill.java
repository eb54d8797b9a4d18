package org.kcedu.directory.jpa;

import liquibase.database.Database;

/**
 * Liquibase change of changelog 0.3.0, which once filled the folded names of existing users. It does nothing now:
 * the rows gained columns in 0.5.0, whose {@link UserSearchFill} writes whole rows for every user that lacks one
 * (including those of a database upgraded from before 0.3.0). The class stays because an applied changeSet's
 * checksum names it.
 */
public class UserSearchBackfill extends SimpleTaskChange {

    @Override
    public void execute(Database database) {
    }

    @Override
    public String getConfirmationMessage() {
        return "kc-edu: search rows are written by changelog 0.5.0";
    }
}
