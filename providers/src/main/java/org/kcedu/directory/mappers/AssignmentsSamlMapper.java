package org.kcedu.directory.mappers;

import java.util.ArrayList;
import java.util.List;

import org.kcedu.directory.TokenAssignment;
import org.keycloak.dom.saml.v2.assertion.AttributeStatementType;
import org.keycloak.dom.saml.v2.assertion.AttributeType;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperContainerModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.protocol.saml.mappers.AbstractSAMLProtocolMapper;
import org.keycloak.protocol.saml.mappers.AttributeStatementHelper;
import org.keycloak.protocol.saml.mappers.SAMLAttributeStatementMapper;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * SAML sibling of {@link AssignmentsOidcMapper}: one attribute (default name {@code kcedu_roles}) with one value per
 * active assignment, {@code role|domainType|domainIdentifier|domainId|subject}.
 */
public class AssignmentsSamlMapper extends AbstractSAMLProtocolMapper implements SAMLAttributeStatementMapper {

    public static final String PROVIDER_ID = "kc-edu-assignments-saml-mapper";

    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

    static {
        AttributeStatementHelper.setConfigProperties(CONFIG);
        CONFIG.stream().filter(p -> AttributeStatementHelper.SAML_ATTRIBUTE_NAME.equals(p.getName()))
                .forEach(p -> p.setDefaultValue(AssignmentsOidcMapper.DEFAULT_CLAIM));
        ClaimSelectionConfig.addTo(CONFIG, false);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayCategory() {
        return AttributeStatementHelper.ATTRIBUTE_STATEMENT_CATEGORY;
    }

    @Override
    public String getDisplayType() {
        return "kc-edu role assignments";
    }

    @Override
    public String getHelpText() {
        return "The user's active kc-edu role assignments, one attribute value each: role|domainType|domainIdentifier|domainId|subject.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, ProtocolMapperContainerModel client,
                               ProtocolMapperModel mapperModel) throws ProtocolMapperConfigException {
        ClaimSelectionConfig.validate(mapperModel, false);
    }

    @Override
    public void transformAttributeStatement(AttributeStatementType statement, ProtocolMapperModel mapping,
                                            KeycloakSession session, UserSessionModel userSession,
                                            AuthenticatedClientSessionModel clientSession) {
        List<TokenAssignment> active = AssignmentClaims.selected(session, userSession.getRealm(),
                userSession.getUser().getId(), clientSession.getClient().getClientId(), ClaimSelection.of(mapping.getConfig()));
        if (active.isEmpty()) {
            return;
        }
        if (mapping.getConfig().get(AttributeStatementHelper.SAML_ATTRIBUTE_NAME) == null) {
            // never mutate the (cached, shared) model: use a copy with the default name
            ProtocolMapperModel copy = new ProtocolMapperModel();
            copy.setName(mapping.getName());
            copy.setConfig(new java.util.HashMap<>(mapping.getConfig()));
            copy.getConfig().put(AttributeStatementHelper.SAML_ATTRIBUTE_NAME, AssignmentsOidcMapper.DEFAULT_CLAIM);
            mapping = copy;
        }
        AttributeType attribute = AttributeStatementHelper.createAttributeType(mapping);
        for (TokenAssignment a : active) {
            attribute.addAttributeValue(a.role() + "|" + a.domainType() + "|" + a.domainIdentifier() + "|" + a.domainId()
                    + "|" + (a.subject() == null ? "" : a.subject()));
        }
        statement.addAttribute(new AttributeStatementType.ASTChoiceType(attribute));
    }
}
