package org.kcedu.it.support;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${NAME:default}} placeholders the way Keycloak's realm import at start-up does, so tests can load
 * realm-config/edu-realm.json through the admin API (which does not resolve them) and see the same values.
 */
public final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)(?::([^}]*))?}");

    private Placeholders() {
    }

    public static String resolve(String text) {
        return resolve(text, System::getenv);
    }

    static String resolve(String text, UnaryOperator<String> env) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null) {
                value = m.group(2);
            }
            if (value == null) {
                throw new IllegalArgumentException("No value for ${" + m.group(1) + "} and no default");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
