package org.kcedu.registration.flow;

import java.util.Locale;

import org.kcedu.registration.EmailDomain;

/**
 * The canonical form of an address typed into the registration and reset forms: local part lower-cased (Keycloak
 * stores e-mails lower-case), host normalised by {@link EmailDomain} (lower case, one trailing dot removed). So
 * {@code Ann@ALLOWED.EDU.} registers, matches and is looked up as {@code ann@allowed.edu}.
 */
final class EmailAddress {

    private EmailAddress() {
    }

    /** The canonical address, or {@code null} when the input is not a plain address. */
    static String canonical(String input) {
        if (input == null) {
            return null;
        }
        String s = input.trim();
        int at = s.lastIndexOf('@');
        String host = EmailDomain.hostOf(s);
        if (host == null || at > 64 || s.length() > 254) {
            return null;
        }
        String local = s.substring(0, at).toLowerCase(Locale.ROOT);
        if (!local.matches("[a-z0-9.!#$%&'*+/=?^_`{|}~-]+") || local.startsWith(".") || local.endsWith(".")
                || local.contains("..")) {
            return null;
        }
        return local + "@" + host;
    }
}
