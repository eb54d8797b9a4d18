package org.kcedu.rest;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.kcedu.bulk.BulkResource;
import org.kcedu.console.ConsoleResource;
import org.kcedu.console.MeResource;
import org.kcedu.directory.rest.DirectoryResources;
import org.kcedu.auditlog.AuditResource;
import org.kcedu.info.InfoResource;
import org.kcedu.reports.ReportsResource;
import org.kcedu.registration.flow.RegistrationCompletionResource;
import org.kcedu.registration.rest.BrandingResource;
import org.kcedu.registration.rest.SelfRegistrationRulesResource;
import org.kcedu.registration.rest.SelfRegistrationSettingsResource;
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

    /** Institutional directory (issue 4): one locator for its collections, see {@link DirectoryResources}. */
    @Path("{collection: " + DirectoryResources.PATH_PATTERN + "}")
    public Object directory(@PathParam("collection") String collection) {
        return DirectoryResources.locate(session, collection);
    }

    /** The OpenAPI 3 description of kc-edu's API (no token: it describes, it reveals no data). */
    @Path("openapi.json")
    public OpenApiResource openApi() {
        return new OpenApiResource();
    }

    /** Audit trail read API (issue 7). */
    @Path("audit")
    public AuditResource audit() {
        return new AuditResource(session);
    }

    /** Bulk CSV import jobs and exports (issue 6), see {@link BulkResource}. */
    @Path("bulk")
    public BulkResource bulk() {
        return new BulkResource(session);
    }

    /** User activity reports (issue 18), see {@link ReportsResource}. */
    @Path("reports")
    public ReportsResource reports() {
        return new ReportsResource(session);
    }

    /** Self-registration (issue 17): authorized e-mail domain rules. */
    @Path("self-registration/rules")
    public SelfRegistrationRulesResource selfRegistrationRules() {
        return new SelfRegistrationRulesResource(session);
    }

    /** Self-registration (issue 17): link lifetime and request limits. */
    @Path("self-registration/settings")
    public SelfRegistrationSettingsResource selfRegistrationSettings() {
        return new SelfRegistrationSettingsResource(session);
    }

    /** Where a registration link lands; public, the link's signed single-use token is its credential (issue 17). */
    @Path("self-registration/complete")
    public RegistrationCompletionResource selfRegistrationComplete() {
        return new RegistrationCompletionResource(session);
    }

    /** The realm's login and e-mail branding (issue 17). */
    @Path("branding")
    public BrandingResource branding() {
        return new BrandingResource(session);
    }

    /** The admin console's files and config (issue 13), see {@link ConsoleResource}. */
    @Path("console")
    public ConsoleResource console() {
        return new ConsoleResource(session);
    }

    /** Who the caller is and what the console may offer them (issue 13), see {@link MeResource}. */
    @Path("me")
    public MeResource me() {
        return new MeResource(session);
    }

    protected KeycloakSession session() {
        return session;
    }
}
