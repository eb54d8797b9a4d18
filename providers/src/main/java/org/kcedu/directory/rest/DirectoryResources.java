package org.kcedu.directory.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.kcedu.core.ApiError;
import org.kcedu.core.BearerAuth;
import org.keycloak.models.KeycloakSession;

/**
 * The directory's top-level collections under /realms/{realm}/kc-edu/. KcEduRootResource has one locator whose
 * path pattern is {@link #PATH_PATTERN}; the OpenAPI route test reads {@link #CLASSES}.
 */
public final class DirectoryResources {

    public static final String PATH_PATTERN = "domain-types|domains|subjects|roles|assignments|groups|users";

    public static final Map<String, Class<?>> CLASSES = new LinkedHashMap<>();
    private static final Map<String, Function<DirectoryContext, Object>> FACTORIES = new LinkedHashMap<>();

    static {
        add("domain-types", DomainTypesResource.class, DomainTypesResource::new);
        add("domains", DomainsResource.class, DomainsResource::new);
        add("subjects", SubjectsResource.class, SubjectsResource::new);
        add("roles", RolesResource.class, RolesResource::new);
        add("assignments", AssignmentsResource.class, AssignmentsResource::new);
        add("groups", GroupsResource.class, GroupsResource::new);
        add("users", UsersResource.class, UsersResource::new);
    }

    private static void add(String name, Class<?> type, Function<DirectoryContext, Object> factory) {
        CLASSES.put(name, type);
        FACTORIES.put(name, factory);
    }

    private DirectoryResources() {
    }

    /**
     * The options of the kc-edu REST provider that concern the directory: {@code users-count-cap} (default 10,000),
     * how many matches of a user search {@code X-Total-Count} counts beyond {@code first} before it reports
     * {@code X-Total-Count-Capped: true}.
     */
    public static void configure(org.keycloak.Config.Scope config) {
        DirectoryContext.countCap(config.getLong("usersCountCap", DirectoryContext.DEFAULT_COUNT_CAP));
    }

    /** Authenticates (401 without a valid token) and returns the collection's resource. */
    public static Object locate(KeycloakSession session, String collection) {
        Function<DirectoryContext, Object> f = FACTORIES.get(collection);
        if (f == null) {
            throw ApiError.notFound("Collection", collection);
        }
        return f.apply(new DirectoryContext(session, BearerAuth.authenticate(session)));
    }
}
