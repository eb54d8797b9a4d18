package org.kcedu.directory.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A subject (MATH, ELA...). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SubjectRep extends StrictRep {
    public String id;
    public String code;
    public String name;
}
