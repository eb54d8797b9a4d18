package org.kcedu.audit.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.kcedu.core.AuditEvent;
import org.kcedu.core.EntryPoint;

/**
 * The outbox payload and the read API's event shape: AuditEvent as flat JSON, timestamp as ISO-8601 UTC,
 * changes as {@code {"field": {"before": ..., "after": ...}}}. Written by hand (not by record binding) so that the
 * stored format stays stable when AuditEvent gains fields.
 */
public final class AuditEventJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private AuditEventJson() {
    }

    public static ObjectNode toNode(AuditEvent e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", e.id());
        n.put("timestamp", e.timestamp().toString());
        n.put("realmId", e.realmId());
        n.put("realm", e.realmName());
        n.put("actorUserId", e.actorUserId());
        n.put("actorUsername", e.actorUsername());
        n.put("actorClientId", e.actorClientId());
        n.put("actorIp", e.actorIp());
        n.put("entryPoint", e.entryPoint().name());
        n.put("action", e.action());
        n.put("targetType", e.targetType());
        n.put("targetId", e.targetId());
        ObjectNode changes = n.putObject("changes");
        for (Map.Entry<String, AuditEvent.Change> c : e.changes().entrySet()) {
            ObjectNode ch = changes.putObject(c.getKey());
            ch.put("before", c.getValue().before());
            ch.put("after", c.getValue().after());
        }
        n.put("outcome", e.outcome().name());
        n.put("reason", e.reason());
        n.put("bulkJobId", e.bulkJobId());
        if (e.bulkRow() != null) {
            n.put("bulkRow", e.bulkRow());
        } else {
            n.putNull("bulkRow");
        }
        n.put("correlationId", e.correlationId());
        return n;
    }

    public static String toJson(AuditEvent e) {
        try {
            return MAPPER.writeValueAsString(toNode(e));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static AuditEvent fromJson(String json) {
        try {
            return fromNode(MAPPER.readTree(json));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static AuditEvent fromNode(JsonNode n) {
        AuditEvent.Builder b = AuditEvent.builder(EntryPoint.valueOf(n.get("entryPoint").asText()), n.get("action").asText())
                .id(n.get("id").asText())
                .timestamp(Instant.parse(n.get("timestamp").asText()))
                .realm(text(n, "realmId"), text(n, "realm"))
                .actor(text(n, "actorUserId"), text(n, "actorUsername"), text(n, "actorClientId"), text(n, "actorIp"))
                .target(text(n, "targetType"), text(n, "targetId"))
                .reason(text(n, "reason"))
                .bulk(text(n, "bulkJobId"), n.hasNonNull("bulkRow") ? n.get("bulkRow").asLong() : null)
                .correlationId(text(n, "correlationId"));
        switch (AuditEvent.Outcome.valueOf(n.get("outcome").asText())) {
            case DENIED -> b.denied(text(n, "reason"));
            case FAILED -> b.failed(text(n, "reason"));
            case SUCCESS -> { }
        }
        JsonNode changes = n.get("changes");
        if (changes != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = changes.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> c = it.next();
                b.change(c.getKey(), text(c.getValue(), "before"), text(c.getValue(), "after"));
            }
        }
        return b.build();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
