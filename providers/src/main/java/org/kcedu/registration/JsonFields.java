package org.kcedu.registration;

import java.util.Map;
import java.util.Set;

import org.kcedu.core.ApiError;

/** Reads a JSON object body field by field, so that a field the route would ignore is a 400, not a silent 200. */
public final class JsonFields {

    private final Map<String, Object> body;

    public JsonFields(Map<String, Object> body, Set<String> allowed) {
        if (body == null) {
            throw ApiError.badRequest("body", "A JSON object is required");
        }
        for (String k : body.keySet()) {
            if (!allowed.contains(k)) {
                throw ApiError.badRequest(k, "Unknown field " + k + "; allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
        this.body = body;
    }

    public boolean has(String field) {
        return body.containsKey(field);
    }

    public String string(String field) {
        Object v = body.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw ApiError.badRequest(field, field + " must be a string");
        }
        return s;
    }

    public Boolean bool(String field) {
        Object v = body.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Boolean b)) {
            throw ApiError.badRequest(field, field + " must be true or false");
        }
        return b;
    }

    public Integer integer(String field, int min, int max) {
        Object v = body.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Integer i) || i < min || i > max) {
            throw ApiError.badRequest(field, field + " must be a whole number from " + min + " to " + max);
        }
        return i;
    }
}
