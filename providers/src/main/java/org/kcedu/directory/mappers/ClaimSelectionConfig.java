package org.kcedu.directory.mappers;

import java.util.List;

import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.provider.ProviderConfigProperty;

/** The mapper settings behind {@link ClaimSelection}, shared by the OIDC and SAML mappers. */
final class ClaimSelectionConfig {

    private ClaimSelectionConfig() {
    }

    /** The filters, and with {@code withForm} the OIDC claim's format options. */
    static void addTo(List<ProviderConfigProperty> config, boolean withForm) {
        if (withForm) {
            addForm(config);
        }
        config.add(new ProviderConfigProperty(ClaimSelection.CLIENT_ROLES_ONLY, "Only roles for this client",
                "Only assignments of kc-edu roles whose application roles include a role of the client the token is"
                        + " issued to (client:CLIENT_ID:ROLE).", ProviderConfigProperty.BOOLEAN_TYPE, "false"));
        config.add(new ProviderConfigProperty(ClaimSelection.ROLES, "Only these roles",
                "Comma-separated kc-edu role names; empty: every role.", ProviderConfigProperty.STRING_TYPE, ""));
        config.add(new ProviderConfigProperty(ClaimSelection.DOMAIN_TYPES, "Only these domain types",
                "Comma-separated domain type codes (e.g. DISTRICT,SCHOOL); empty: every type.",
                ProviderConfigProperty.STRING_TYPE, ""));
    }

    private static void addForm(List<ProviderConfigProperty> config) {
        ProviderConfigProperty format = new ProviderConfigProperty(ClaimSelection.FORMAT, "Claim format",
                "structured: one object per assignment (role, domainId, domainIdentifier, domainType, subject);"
                        + " compact: {role: {\"TYPE:identifier\": [subjects]}}, about a third of the size.",
                ProviderConfigProperty.LIST_TYPE, "structured");
        format.setOptions(List.of("structured", "compact"));
        config.add(format);
        config.add(new ProviderConfigProperty(ClaimSelection.DOMAIN_NAME, "Add domain names",
                "Structured format only: each item also carries domainName.", ProviderConfigProperty.BOOLEAN_TYPE, "false"));
        config.add(new ProviderConfigProperty(ClaimSelection.ANCESTORS, "Add ancestor chain",
                "Structured format only: each item also carries ancestors, root first, as TYPE:identifier.",
                ProviderConfigProperty.BOOLEAN_TYPE, "false"));
    }

    /** Refuses what the mapper would ignore or cannot do; {@code withForm} false: the SAML mapper, which has no form options. */
    static void validate(ProtocolMapperModel model, boolean withForm) throws ProtocolMapperConfigException {
        java.util.Map<String, String> config = model.getConfig() == null ? java.util.Map.of() : model.getConfig();
        if (!withForm) {
            for (String key : List.of(ClaimSelection.FORMAT, ClaimSelection.DOMAIN_NAME, ClaimSelection.ANCESTORS)) {
                if (config.get(key) != null && !config.get(key).isBlank()) {
                    throw refusal(key + " is an option of the OIDC mapper only; the SAML attribute has one value"
                            + " per assignment");
                }
            }
        }
        try {
            ClaimSelection.of(config);
        } catch (ClaimSelection.InvalidConfig e) {
            throw refusal(e.getMessage());
        }
    }

    /**
     * Keycloak's admin API looks the message key up in its message bundle and answers 500 when there is none; an
     * unknown key falls back to the text, so the text is its own key.
     */
    private static ProtocolMapperConfigException refusal(String message) {
        return new ProtocolMapperConfigException(message, message);
    }
}
