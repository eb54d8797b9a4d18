package org.kcedu.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /realms/{realm}/kc-edu/openapi.json}: the OpenAPI 3 document merged from the slices' checked-in
 * fragments ({@link OpenApiDocument}). OpenApiRoutesTest keeps it and the JAX-RS routes in step.
 */
public class OpenApiResource {

    private static final byte[] DOCUMENT = serialise();

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] document() {
        return DOCUMENT;
    }

    private static byte[] serialise() {
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(OpenApiDocument.load());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("OpenAPI document cannot be written", e);
        }
    }
}
