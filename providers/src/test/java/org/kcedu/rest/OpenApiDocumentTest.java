package org.kcedu.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Merging the slices' OpenAPI fragments: everything arrives once, and a clash fails loudly instead of overwriting. */
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String HEAD = """
            {"openapi": "3.0.3", "info": {"title": "t"}, "paths": {},
             "components": {"schemas": {"Error": {"type": "object"}}, "responses": {"NotFound": {}}}}""";

    @Test
    void pathsAndComponentsOfEveryFragmentAreMergedUnderTheHead() throws Exception {
        JsonNode doc = OpenApiDocument.merge(fragments(HEAD,
                "{\"paths\": {\"/a\": {\"get\": {}}}, \"components\": {\"schemas\": {\"A\": {}}}}",
                "{\"paths\": {\"/b\": {\"post\": {}}}, \"components\": {\"parameters\": {\"P\": {}}}}"));
        assertEquals("3.0.3", doc.get("openapi").asText());
        assertTrue(doc.get("paths").has("/a") && doc.get("paths").has("/b"), doc.toString());
        assertTrue(doc.at("/components/schemas").has("Error") && doc.at("/components/schemas").has("A"));
        assertTrue(doc.at("/components/parameters").has("P"), doc.toString());
        assertTrue(doc.at("/components/responses").has("NotFound"));
    }

    @Test
    void aPathDefinedTwiceNamesBothFragments() {
        var e = assertThrows(IllegalStateException.class, () -> OpenApiDocument.merge(fragments(HEAD,
                "{\"paths\": {\"/a\": {\"get\": {}}}}", "{\"paths\": {\"/a\": {\"post\": {}}}}")));
        assertEquals("OpenAPI path /a is defined by fragment f1.json and again by f2.json", e.getMessage());
    }

    @Test
    void aSchemaDefinedTwiceFailsEvenAgainstTheHead() {
        var e = assertThrows(IllegalStateException.class, () -> OpenApiDocument.merge(fragments(HEAD,
                "{\"components\": {\"schemas\": {\"Error\": {}}}}")));
        assertEquals("OpenAPI schemas Error is defined by fragment f0.json and again by f1.json", e.getMessage());
    }

    @Test
    void aSliceFragmentMayNotBringHeadFields() {
        var e = assertThrows(IllegalStateException.class, () -> OpenApiDocument.merge(fragments(HEAD,
                "{\"info\": {\"title\": \"mine\"}, \"paths\": {}}")));
        assertTrue(e.getMessage().contains("f1.json: top-level \"info\""), e.getMessage());
    }

    @Test
    void theServedDocumentHasEveryFragment() {
        JsonNode doc = OpenApiDocument.load();
        for (String path : new String[] {"/info", "/openapi.json", "/domains", "/bulk/{entity}/imports", "/audit"}) {
            assertTrue(doc.get("paths").has(path), path);
        }
    }

    private static Map<String, JsonNode> fragments(String... json) throws Exception {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (int i = 0; i < json.length; i++) {
            m.put("f" + i, JSON.readTree(json[i]));
        }
        return m;
    }
}
