package org.kcedu.audit.keycloak;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kcedu.core.AuditEvent;
import org.kcedu.core.EntryPoint;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

/**
 * Maps Keycloak admin events (stock admin console / admin REST API) to kc-edu audit events. Pure: everything it
 * needs besides the event (actor's username, field values before an update) is passed in, so it is unit-testable.
 * Returns empty for admin events outside the audit's scope (clients, realm settings, ...).
 */
public final class AdminEventTranslator {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** User fields whose before/after the trail keeps on updates. */
    static final List<String> USER_FIELDS = List.of("username", "email", "firstName", "lastName", "enabled", "emailVerified");

    /** Known state of a user before an update (null when unknown). */
    public record UserSnapshot(String username, String email, String firstName, String lastName, Boolean enabled,
                               Boolean emailVerified) {
        String get(String field) {
            Object v = switch (field) {
                case "username" -> username;
                case "email" -> email;
                case "firstName" -> firstName;
                case "lastName" -> lastName;
                case "enabled" -> enabled;
                case "emailVerified" -> emailVerified;
                default -> null;
            };
            return v == null ? null : v.toString();
        }
    }

    private AdminEventTranslator() {
    }

    /**
     * @param actorClientId the acting client's clientId (AuthDetails carries its internal id); null = use that id
     * @param before        the user as committed before this change, for user updates and deletes; null = unknown
     */
    public static Optional<AuditEvent> translate(AdminEvent ev, String actorUsername, String actorClientId,
                                                 UserSnapshot before) {
        ResourceType type = ev.getResourceType();
        OperationType op = ev.getOperationType();
        if (type == null || op == null || ev.getResourcePath() == null) {
            return Optional.empty();
        }
        String[] path = ev.getResourcePath().split("/");
        AuditEvent.Builder b;
        switch (type) {
            case USER -> {
                if (path.length < 2 || !"users".equals(path[0])) {
                    return Optional.empty();
                }
                String userId = path[1];
                if (path.length == 2) {
                    b = userChange(ev, op, before);
                    if (b == null) {
                        return Optional.empty();
                    }
                } else if (op == OperationType.ACTION && "reset-password".equals(path[2])) {
                    b = builder(ev, "PASSWORD_RESET").change("password", null, "(set by admin)");
                } else if (op == OperationType.DELETE && "credentials".equals(path[2])) {
                    b = builder(ev, "CREDENTIAL_DELETE").change("credential", path.length > 3 ? path[3] : null, null);
                } else if (op == OperationType.ACTION) {
                    // e.g. execute-actions-email, logout, impersonation: the account is acted upon, keep a trace
                    b = builder(ev, "USER_ACTION").reason(String.join("/", java.util.Arrays.copyOfRange(path, 2, path.length)));
                } else {
                    return Optional.empty();
                }
                b.target("user", userId);
            }
            case GROUP_MEMBERSHIP -> {
                // users/{userId}/groups/{groupId}
                if (path.length < 4 || !"users".equals(path[0])) {
                    return Optional.empty();
                }
                String groupPath = field(ev.getRepresentation(), "path").orElse(path[3]);
                if (op == OperationType.CREATE) {
                    b = builder(ev, "GROUP_MEMBER_ADD").change("group", null, groupPath);
                } else if (op == OperationType.DELETE) {
                    b = builder(ev, "GROUP_MEMBER_REMOVE").change("group", groupPath, null);
                } else {
                    return Optional.empty();
                }
                b.target("user", path[1]);
            }
            case REALM_ROLE_MAPPING, CLIENT_ROLE_MAPPING -> {
                // users/{id}/role-mappings/realm, groups/{id}/role-mappings/clients/{clientUuid}
                if (path.length < 3) {
                    return Optional.empty();
                }
                String roles = String.join(",", roleNames(ev.getRepresentation()));
                String field = type == ResourceType.REALM_ROLE_MAPPING ? "realmRoles"
                        : "clientRoles" + (path.length > 4 ? "." + path[4] : "");
                if (op == OperationType.CREATE) {
                    b = builder(ev, "ROLE_GRANT").change(field, null, roles.isEmpty() ? null : roles);
                } else if (op == OperationType.DELETE) {
                    b = builder(ev, "ROLE_REVOKE").change(field, roles.isEmpty() ? null : roles, null);
                } else {
                    return Optional.empty();
                }
                b.target("users".equals(path[0]) ? "user" : "groups".equals(path[0]) ? "group" : path[0], path[1]);
            }
            case GROUP -> {
                if (path.length < 2 || !"groups".equals(path[0])) {
                    return Optional.empty();
                }
                String action = switch (op) {
                    case CREATE -> "GROUP_CREATE";
                    case UPDATE -> "GROUP_UPDATE";
                    case DELETE -> "GROUP_DELETE";
                    default -> null;
                };
                if (action == null) {
                    return Optional.empty();
                }
                // a sub-group creation is groups/{parent}/children: the new group's id is in the event
                String groupId = ev.getResourceId() != null ? ev.getResourceId() : path[path.length - 1];
                b = builder(ev, action).target("group", groupId);
                String name = field(ev.getRepresentation(), "name").orElse(null);
                if (op != OperationType.DELETE) {
                    b.change("name", null, name);
                }
            }
            case REALM_ROLE -> {
                String action = switch (op) {
                    case CREATE -> "ROLE_CREATE";
                    case UPDATE -> "ROLE_UPDATE";
                    case DELETE -> "ROLE_DELETE";
                    default -> null;
                };
                if (action == null) {
                    return Optional.empty();
                }
                b = builder(ev, action).target("role", path[path.length - 1]);
            }
            default -> {
                return Optional.empty();
            }
        }
        b.actor(ev.getAuthDetails() == null ? null : ev.getAuthDetails().getUserId(), actorUsername,
                actorClientId != null ? actorClientId : ev.getAuthDetails() == null ? null : ev.getAuthDetails().getClientId(),
                ev.getAuthDetails() == null ? null : ev.getAuthDetails().getIpAddress());
        if (ev.getError() != null) {
            b.failed(ev.getError());
        }
        return Optional.of(b.build());
    }

    private static AuditEvent.Builder userChange(AdminEvent ev, OperationType op, UserSnapshot before) {
        JsonNode rep = tree(ev.getRepresentation());
        switch (op) {
            case CREATE -> {
                AuditEvent.Builder b = builder(ev, "USER_CREATE");
                for (String f : USER_FIELDS) {
                    b.change(f, null, text(rep, f));
                }
                return b;
            }
            case DELETE -> {
                AuditEvent.Builder b = builder(ev, "USER_DELETE");
                if (before != null) {
                    for (String f : USER_FIELDS) {
                        b.change(f, before.get(f), null);
                    }
                }
                return b;
            }
            case UPDATE -> {
                // The update representation carries the fields sent; compare them with the state before the update.
                List<String[]> changed = new ArrayList<>();
                for (String f : USER_FIELDS) {
                    if (rep != null && rep.has(f)) {
                        String after = text(rep, f);
                        String old = before == null ? null : before.get(f);
                        if (before == null || !java.util.Objects.equals(old, after)) {
                            changed.add(new String[] {f, old, after});
                        }
                    }
                }
                // Without the state before, an e-mail change cannot be told from an unchanged e-mail: plain update.
                boolean emailChanged = before != null && changed.stream().anyMatch(c -> "email".equals(c[0]));
                // An e-mail change is what §10.1 singles out: the record is labelled for it, other fields ride along.
                AuditEvent.Builder b = builder(ev, emailChanged ? "EMAIL_CHANGE" : "USER_UPDATE");
                for (String[] c : changed) {
                    b.change(c[0], c[1], c[2]);
                }
                return b;
            }
            default -> {
                return null;
            }
        }
    }

    private static AuditEvent.Builder builder(AdminEvent ev, String action) {
        AuditEvent.Builder b = AuditEvent.builder(EntryPoint.ADMIN_CONSOLE, action)
                .realm(ev.getRealmId(), ev.getRealmName())
                .correlationId("kc-admin-event:" + ev.getId());
        if (ev.getTime() > 0) {
            b.timestamp(java.time.Instant.ofEpochMilli(ev.getTime()));
        }
        return b;
    }

    static List<String> roleNames(String representation) {
        JsonNode n = tree(representation);
        List<String> names = new ArrayList<>();
        if (n != null && n.isArray()) {
            for (JsonNode r : n) {
                if (r.hasNonNull("name")) {
                    names.add(r.get("name").asText());
                }
            }
        }
        return names;
    }

    private static Optional<String> field(String representation, String field) {
        return Optional.ofNullable(text(tree(representation), field));
    }

    private static JsonNode tree(String representation) {
        if (representation == null || representation.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(representation);
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode n, String field) {
        if (n == null || !n.hasNonNull(field)) {
            return null;
        }
        return n.get(field).asText();
    }
}
