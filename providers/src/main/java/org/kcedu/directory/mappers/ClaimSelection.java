package org.kcedu.directory.mappers;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.kcedu.directory.TokenAssignment;

/**
 * Which of a user's active assignments one client's claim carries, and in which form, from the mapper's
 * configuration (§4.5: a client that needs two roles should not receive a user's 200 assignments in every token).
 * Filters combine with AND; an empty filter keeps everything.
 */
record ClaimSelection(Format format, boolean clientRolesOnly, Set<String> roles, Set<String> domainTypes,
                      boolean domainName, boolean ancestors) {

    static final String FORMAT = "kcedu.claimFormat";
    static final String CLIENT_ROLES_ONLY = "kcedu.clientRolesOnly";
    static final String ROLES = "kcedu.roles";
    static final String DOMAIN_TYPES = "kcedu.domainTypes";
    static final String DOMAIN_NAME = "kcedu.domainName";
    static final String ANCESTORS = "kcedu.ancestors";

    enum Format { STRUCTURED, COMPACT }

    static final ClaimSelection EVERYTHING = new ClaimSelection(Format.STRUCTURED, false, Set.of(), Set.of(), false, false);

    /** Thrown for a configuration the mapper would otherwise silently ignore; the message names the option. */
    static final class InvalidConfig extends RuntimeException {
        InvalidConfig(String message) {
            super(message);
        }
    }

    static ClaimSelection of(Map<String, String> config) {
        String f = config.getOrDefault(FORMAT, "");
        Format format;
        try {
            format = f == null || f.isBlank() ? Format.STRUCTURED : Format.valueOf(f.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfig(FORMAT + " must be 'structured' or 'compact', not '" + f + "'");
        }
        ClaimSelection s = new ClaimSelection(format, flag(config, CLIENT_ROLES_ONLY), list(config.get(ROLES)),
                list(config.get(DOMAIN_TYPES)).stream().map(t -> t.toUpperCase(Locale.ROOT)).collect(Collectors.toSet()),
                flag(config, DOMAIN_NAME), flag(config, ANCESTORS));
        if (format == Format.COMPACT && (s.domainName || s.ancestors)) {
            throw new InvalidConfig("the compact claim carries no domain names or ancestors: turn off " + DOMAIN_NAME
                    + " and " + ANCESTORS + " or use the structured format");
        }
        return s;
    }

    /** The assignments this client receives; {@code clientRoleNames} is used only when {@link #clientRolesOnly}. */
    List<TokenAssignment> filter(List<TokenAssignment> active, Set<String> clientRoleNames) {
        return active.stream()
                .filter(a -> !clientRolesOnly || clientRoleNames.contains(a.role()))
                .filter(a -> roles.isEmpty() || roles.contains(a.role()))
                .filter(a -> domainTypes.isEmpty() || domainTypes.contains(a.domainType()))
                .toList();
    }

    private static boolean flag(Map<String, String> config, String key) {
        return Boolean.parseBoolean(config.get(key));
    }

    private static Set<String> list(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(value.split("[,\\n]")).map(String::trim).filter(v -> !v.isEmpty()).collect(Collectors.toSet());
    }
}
