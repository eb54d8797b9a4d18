package org.kcedu.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /realms/{realm}/kc-edu/openapi.json}: the checked-in OpenAPI 3 document (kc-edu/openapi.json).
 * OpenApiRoutesTest keeps it and the JAX-RS routes in step.
 */
public class OpenApiResource {

    public static final String RESOURCE = "/kc-edu/openapi.json";

    private static final byte[] DOCUMENT = load();

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] document() {
        return DOCUMENT;
    }

    private static byte[] load() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the kc-edu JAR");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
