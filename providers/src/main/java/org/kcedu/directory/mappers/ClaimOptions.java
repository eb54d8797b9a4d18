package org.kcedu.directory.mappers;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.keycloak.provider.ProviderConfigProperty;

/**
 * How the assignments mapper shapes its claim for one client (§4.5 "efficiently discover"): which assignments a client
 * receives and in which form. A user with 200 assignments must not push every client's tokens past the 8 KiB header
 * limit of common proxies, so a client can receive only the assignments it needs, in a compact form.
 *
 * @param compact       {@code {"r":role,"d":"TYPE:identifier","s":subject}} per item instead of the full object
 * @param clientRolesOnly only assignments whose role's {@code appRoles} name the requesting client
 *                      ({@code client:CLIENT_ID:...})
 * @param roles         only these role names (empty = all)
 * @param domainTypes   only assignments at these domain types (empty = all)
 * @param domainName    add the domain's name to each item
 * @param ancestors     add the domain's ancestor chain (root first, {@code TYPE:identifier}) to each item
 */
record ClaimOptions(boolean compact, boolean clientRolesOnly, Set<String> roles, Set<String> domainTypes,
                    boolean domainName, boolean ancestors) {

    static final String FORMAT = "kcedu.claimFormat";
    static final String CLIENT_ROLES_ONLY = "kcedu.clientRolesOnly";
    static final String ROLES = "kcedu.roles";
    static final String DOMAIN_TYPES = "kcedu.domainTypes";
    static final String DOMAIN_NAME = "kcedu.domainName";
    static final String ANCESTORS = "kcedu.ancestors";

    static final ClaimOptions FULL = new ClaimOptions(false, false, Set.of(), Set.of(), false, false);

    static ClaimOptions of(Map<String, String> config) {
        return new ClaimOptions("compact".equalsIgnoreCase(trim(config.get(FORMAT))),
                Boolean.parseBoolean(trim(config.get(CLIENT_ROLES_ONLY))), list(config.get(ROLES), false),
                list(config.get(DOMAIN_TYPES), true), Boolean.parseBoolean(trim(config.get(DOMAIN_NAME))),
                Boolean.parseBoolean(trim(config.get(ANCESTORS))));
    }

    /** Keeps what this client is to receive. */
    List<org.kcedu.directory.TokenAssignment> select(List<org.kcedu.directory.TokenAssignment> all,
                                                      Set<String> clientRoleNames) {
        return all.stream()
                .filter(a -> !clientRolesOnly || clientRoleNames.contains(a.role()))
                .filter(a -> roles.isEmpty() || roles.contains(a.role()))
                .filter(a -> domainTypes.isEmpty() || domainTypes.contains(a.domainType()))
                .toList();
    }

    static void addConfig(List<ProviderConfigProperty> config) {
        ProviderConfigProperty format = property(FORMAT, "Claim format", "full: one object per assignment (role,"
                + " domainId, domainIdentifier, domainType, subject); compact: {\"r\":role, \"d\":\"TYPE:identifier\","
                + " \"s\":subject}, about a quarter of the size.", ProviderConfigProperty.LIST_TYPE, "full");
        format.setOptions(List.of("full", "compact"));
        config.add(format);
        config.add(property(CLIENT_ROLES_ONLY, "Only this client's roles", "Only assignments whose kc-edu role has an"
                + " application role of the requesting client (appRoles client:CLIENT_ID:...).",
                ProviderConfigProperty.BOOLEAN_TYPE, "false"));
        config.add(property(ROLES, "Only roles", "Comma-separated kc-edu role names; empty = all.",
                ProviderConfigProperty.STRING_TYPE, ""));
        config.add(property(DOMAIN_TYPES, "Only domain types", "Comma-separated domain type codes (e.g. SCHOOL);"
                + " empty = all.", ProviderConfigProperty.STRING_TYPE, ""));
        config.add(property(DOMAIN_NAME, "Add domain name", "Add the domain's name to each item.",
                ProviderConfigProperty.BOOLEAN_TYPE, "false"));
        config.add(property(ANCESTORS, "Add ancestor chain", "Add the domain's ancestors (root first, TYPE:identifier)"
                + " to each item.", ProviderConfigProperty.BOOLEAN_TYPE, "false"));
    }

    private static ProviderConfigProperty property(String name, String label, String help, String type, String dflt) {
        ProviderConfigProperty p = new ProviderConfigProperty();
        p.setName(name);
        p.setLabel(label);
        p.setHelpText(help);
        p.setType(type);
        p.setDefaultValue(dflt);
        return p;
    }

    private static Set<String> list(String value, boolean upper) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> upper ? s.toUpperCase(Locale.ROOT) : s).collect(Collectors.toUnmodifiableSet());
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
