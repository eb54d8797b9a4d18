package org.kcedu.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * kc-edu's OpenAPI 3 document, merged from one fragment per slice ({@code kc-edu/openapi/<slice>.json}) so that
 * features adding routes at the same time edit different files. The {@code core} fragment is the head (version,
 * info, servers, security scheme, shared responses, the error body); every other fragment brings only
 * {@code paths} and {@code components}. A path or component defined twice is an error, never a silent overwrite.
 */
public final class OpenApiDocument {

    /** Where the fragments live on the class path. */
    public static final String FRAGMENT_DIR = "/kc-edu/openapi/";

    /** The fragment files, head first. A new slice with routes adds its file here (one line). */
    public static final List<String> FRAGMENTS = List.of(
            "core",
            "info",
            "rest",
            "directory",
            "bulk",
            "auditlog",
            "reports",
            "console",
            "registration");

    private static final Set<String> FRAGMENT_KEYS = Set.of("paths", "components");

    private OpenApiDocument() {
    }

    /** The merged document from the fragments on the class path. */
    public static ObjectNode load() {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, JsonNode> fragments = new LinkedHashMap<>();
        for (String name : FRAGMENTS) {
            String resource = FRAGMENT_DIR + name + ".json";
            try (InputStream in = OpenApiDocument.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("OpenAPI fragment " + resource + " missing from the kc-edu JAR");
                }
                fragments.put(name, mapper.readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException("OpenAPI fragment " + resource + " is not valid JSON", e);
            }
        }
        return merge(fragments);
    }

    /** Merges fragments in the given order; the first one is the head. */
    public static ObjectNode merge(Map<String, JsonNode> fragments) {
        Iterator<Map.Entry<String, JsonNode>> it = fragments.entrySet().iterator();
        if (!it.hasNext()) {
            throw new IllegalArgumentException("no OpenAPI fragments");
        }
        Map.Entry<String, JsonNode> head = it.next();
        ObjectNode doc = head.getValue().deepCopy();
        Map<String, String> owners = new LinkedHashMap<>();
        ObjectNode paths = child(doc, "paths");
        ObjectNode components = child(doc, "components");
        record(head.getKey(), paths, "path ", owners);
        components.fields().forEachRemaining(c -> record(head.getKey(), (ObjectNode) c.getValue(),
                c.getKey() + " ", owners));
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> fragment = it.next();
            String name = fragment.getKey();
            fragment.getValue().fieldNames().forEachRemaining(key -> {
                if (!FRAGMENT_KEYS.contains(key)) {
                    throw new IllegalStateException("OpenAPI fragment " + name + ".json: top-level \"" + key
                            + "\" belongs in the core fragment; a slice's fragment has only " + FRAGMENT_KEYS);
                }
            });
            JsonNode fragmentPaths = fragment.getValue().path("paths");
            add(name, fragmentPaths, paths, "path ", owners);
            fragment.getValue().path("components").fields().forEachRemaining(c ->
                    add(name, c.getValue(), child(components, c.getKey()), c.getKey() + " ", owners));
        }
        return doc;
    }

    private static void record(String fragment, ObjectNode section, String kind, Map<String, String> owners) {
        section.fieldNames().forEachRemaining(key -> owners.put(kind + key, fragment));
    }

    private static void add(String fragment, JsonNode from, ObjectNode into, String kind, Map<String, String> owners) {
        from.fields().forEachRemaining(e -> {
            String owner = owners.putIfAbsent(kind + e.getKey(), fragment);
            if (owner != null) {
                throw new IllegalStateException("OpenAPI " + kind + e.getKey() + " is defined by fragment " + owner
                        + ".json and again by " + fragment + ".json");
            }
            into.set(e.getKey(), e.getValue());
        });
    }

    private static ObjectNode child(ObjectNode parent, String name) {
        JsonNode node = parent.get(name);
        return node instanceof ObjectNode o ? o : parent.putObject(name);
    }
}
