package org.kcedu.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;
import org.kcedu.directory.rest.DirectoryResources;

/** The OpenAPI document merged from the checked-in fragments and the real JAX-RS routes (found by reflection) describe the same API. */
class OpenApiRoutesTest {

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws Exception {
        TreeSet<String> routes = new TreeSet<>();
        for (Method locator : KcEduRootResource.class.getMethods()) {
            Path path = locator.getAnnotation(Path.class);
            if (path == null) {
                continue;
            }
            assertTrue(httpMethod(locator) == null, "root has only locators: " + locator);
            if (locator.getName().equals("directory")) {
                assertTrue(path.value().contains(DirectoryResources.PATH_PATTERN), path.value());
                for (Map.Entry<String, Class<?>> e : DirectoryResources.CLASSES.entrySet()) {
                    collect("/" + e.getKey(), e.getValue(), routes);
                }
                assertEquals(DirectoryResources.PATH_PATTERN, String.join("|", DirectoryResources.CLASSES.keySet()));
            } else {
                collect("/" + path.value(), locator.getReturnType(), routes);
            }
        }
        assertTrue(routes.size() > 40, "reflection found the routes: " + routes);

        // what GET .../openapi.json serves: the fragments of every slice, merged
        JsonNode doc = new ObjectMapper().readTree(new OpenApiResource().document());
        assertEquals("3.0.3", doc.get("openapi").asText());
        TreeSet<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            p.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase() + " " + p.getKey()));
        }
        TreeSet<String> undocumented = new TreeSet<>(routes);
        undocumented.removeAll(documented);
        TreeSet<String> phantom = new TreeSet<>(documented);
        phantom.removeAll(routes);
        assertTrue(undocumented.isEmpty(), "routes missing from openapi.json: " + undocumented);
        assertTrue(phantom.isEmpty(), "openapi.json documents routes that do not exist: " + phantom);
        assertFalse(documented.isEmpty());
    }

    private static void collect(String prefix, Class<?> type, TreeSet<String> routes) {
        for (Method m : type.getMethods()) {
            String verb = httpMethod(m);
            Path sub = m.getAnnotation(Path.class);
            if (verb == null) {
                assertTrue(sub == null, "nested locators are not expected in " + type + ": " + m);
                continue;
            }
            String path = prefix + (sub == null ? "" : "/" + sub.value().replaceAll("^/", ""));
            routes.add(verb + " " + path.replaceAll("/$", "").replaceAll("\\{(\\w+):[^}]*}", "{$1}"));
        }
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
            if (h != null) {
                return h.value();
            }
        }
        return null;
    }

    @SuppressWarnings("unused")
    private static final Class<?>[] VERBS = {GET.class, POST.class, PUT.class, DELETE.class};
}
