package org.kcedu.directory.model;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonAnySetter;

/**
 * A request body that remembers the fields it does not know, so that the route answers 400 naming the field instead of
 * ignoring it (a typo like {@code "emial"} must not be a 200 with nothing done). Collected here rather than by the
 * server's ObjectMapper settings, which kc-edu does not own.
 */
public abstract class StrictRep {

    private final List<String> unknownFields = new ArrayList<>();

    @JsonAnySetter
    public void unknownField(String name, Object ignored) {
        unknownFields.add(name);
    }

    /** Unknown fields, nested ones as {@code assignments[0].name}. */
    public List<String> unknownFields() {
        return List.copyOf(unknownFields);
    }
}
