package org.kcedu.registration;

import java.util.Locale;

/**
 * The host part of an e-mail address as self-registration rules compare it (requirements §7.1). No regular
 * expressions and no suffix tricks: a host matches a rule when it equals the rule's domain, or, only for a rule with
 * "include subdomains", when it ends with {@code "." + domain}. So {@code allowed.edu.evil.com} never matches
 * {@code allowed.edu}, and {@code notallowed.edu} never matches it either.
 *
 * <p>Normalisation, the same for rules and addresses: trimmed, lower-cased with {@link Locale#ROOT} (DNS names are
 * case-insensitive, so {@code ALLOWED.EDU} is {@code allowed.edu}), and ONE trailing dot removed (the fully
 * qualified {@code allowed.edu.} names the same host). Anything else that is not a plain DNS name (empty labels,
 * spaces, characters outside letters, digits and hyphen, a leading hyphen) makes the address unmatchable and a rule
 * invalid; internationalised domains must be given in their ASCII ({@code xn--}) form.
 */
public final class EmailDomain {

    private static final int MAX_LENGTH = 253;

    private EmailDomain() {
    }

    /** The normalised host of {@code email}, or {@code null} when it is not an address with a plain DNS host. */
    public static String hostOf(String email) {
        if (email == null) {
            return null;
        }
        String e = email.trim();
        int at = e.lastIndexOf('@');
        if (at <= 0 || at != e.indexOf('@')) {
            return null;
        }
        return normalise(e.substring(at + 1));
    }

    /** The normalised form of a domain name, or {@code null} when it is not a plain DNS name. */
    public static String normalise(String domain) {
        if (domain == null) {
            return null;
        }
        String d = domain.trim().toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        if (d.isEmpty() || d.length() > MAX_LENGTH) {
            return null;
        }
        for (String label : d.split("\\.", -1)) {
            if (!validLabel(label)) {
                return null;
            }
        }
        return d;
    }

    private static boolean validLabel(String label) {
        if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
            return false;
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Whether normalised {@code host} is covered by a rule for normalised {@code ruleDomain}. */
    public static boolean matches(String host, String ruleDomain, boolean includeSubdomains) {
        if (host == null || ruleDomain == null) {
            return false;
        }
        return host.equals(ruleDomain) || (includeSubdomains && host.endsWith("." + ruleDomain));
    }
}
