package org.kcedu.api;

import jakarta.ws.rs.Path;

import org.kcedu.bulk.BulkResource;
import org.kcedu.info.InfoResource;
import org.keycloak.models.KeycloakSession;

/**
 * Root of kc-edu's REST API under {@code /realms/{realm}/kc-edu}. Only sub-resource locators live here:
 * each feature owns its resources, and each resource authenticates and authorizes its own calls.
 */
public class KcEduRootResource {

    private final KeycloakSession session;

    public KcEduRootResource(KeycloakSession session) {
        this.session = session;
    }

    @Path("info")
    public InfoResource info() {
        return new InfoResource();
    }

    @Path("bulk")
    public BulkResource bulk() {
        return new BulkResource(session);
    }

    protected KeycloakSession session() {
        return session;
    }
}
