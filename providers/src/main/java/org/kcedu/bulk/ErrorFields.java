package org.kcedu.bulk;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code error_field} of an error-report row: the column a message is about, so that a spreadsheet user finds the
 * cell to fix. Messages name their column first ("email is not a valid e-mail address") or mention it; messages about a
 * referenced record name it by its kind ("user ann does not exist"), mapped here to the column that references it.
 * Empty when the row as a whole is wrong.
 */
final class ErrorFields {

    /** Message subject → candidate columns, first present wins. */
    private static final Map<String, String[]> SUBJECTS = Map.of(
            "user", new String[] {"username"},
            "e-mail", new String[] {"email", "new_email"},
            "role", new String[] {"role", "name"},
            "domain", new String[] {"domain_identifier", "parent_identifier", "group_domain_identifier", "identifier",
                "domain"},
            "parent", new String[] {"parent_identifier", "parent_type"},
            "group", new String[] {"group", "name"},
            "subject", new String[] {"subject", "code"});

    private ErrorFields() {
    }

    static String fieldOf(String message, Collection<String> columns) {
        if (message == null || message.isEmpty()) {
            return "";
        }
        String m = message.toLowerCase(Locale.ROOT);
        for (String c : columns) {
            if (m.startsWith(c + " ") || m.startsWith(c + ":") || m.startsWith(c + ",")) {
                return c;
            }
        }
        for (String c : columns) {
            if (Pattern.compile("(^|[^a-z_])" + Pattern.quote(c) + "([^a-z_]|$)").matcher(m).find()) {
                return c;
            }
        }
        int space = m.indexOf(' ');
        String[] candidates = SUBJECTS.get(space < 0 ? m : m.substring(0, space));
        if (candidates != null) {
            for (String c : candidates) {
                if (columns.contains(c)) {
                    return c;
                }
            }
        }
        return "";
    }
}
