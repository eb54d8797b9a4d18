package org.kcedu.bulk;

import org.kcedu.bulk.csv.HeaderSchema;

/** What every file kind has: its {entity} path segment and its columns. */
public abstract class KindHandler implements EntityHandler {

    private final String kind;
    private final HeaderSchema schema;

    protected KindHandler(String kind, HeaderSchema schema) {
        this.kind = kind;
        this.schema = schema;
    }

    @Override
    public final String kind() {
        return kind;
    }

    @Override
    public final HeaderSchema schema() {
        return schema;
    }
}
