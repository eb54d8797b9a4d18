package org.kcedu.directory;

import static org.kcedu.directory.DirectoryStore.required;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import jakarta.ws.rs.WebApplicationException;

import org.kcedu.core.ApiError;
import org.kcedu.core.Caller;
import org.kcedu.directory.jpa.EduDomainTypeEntity;
import org.kcedu.directory.model.DomainTypeRep;

/**
 * Domain types (STATE, DISTRICT, SCHOOL, custom ones) and which types may sit under which. The realm's types are
 * read once per {@link Directory} and kept for the other aggregates, which name types by code in every response.
 */
public final class DomainTypes {

    private final DirectoryStore store;
    private Map<String, EduDomainTypeEntity> typesById;

    DomainTypes(DirectoryStore store) {
        this.store = store;
    }

    /**
     * Built-in types are created the first time a realm's directory is used (idempotent). Realms whose built-in types
     * already exist keep their parent rules as stored (kc-edu cannot tell a kept default from a deliberate choice):
     * they widen them through {@code PUT domain-types/{code}}.
     */
    private Map<String, EduDomainTypeEntity> types() {
        if (typesById == null) {
            List<EduDomainTypeEntity> list = store.em.createNamedQuery("edu.domainTypesByRealm", EduDomainTypeEntity.class)
                    .setParameter("realmId", store.realm.getId()).getResultList();
            if (list.stream().noneMatch(t -> t.isBuiltIn() && "STATE".equals(t.getCode()))) {
                list = new ArrayList<>(list);
                list.addAll(createBuiltInTypes(list));
            }
            typesById = new HashMap<>();
            list.forEach(t -> typesById.put(t.getId(), t));
        }
        return typesById;
    }

    private List<EduDomainTypeEntity> createBuiltInTypes(List<EduDomainTypeEntity> existing) {
        Map<String, EduDomainTypeEntity> byCode = new HashMap<>();
        existing.forEach(t -> byCode.put(t.getCode(), t));
        List<EduDomainTypeEntity> created = new ArrayList<>();
        // state-operated schools (and groups of them) sit directly under the state: allowed by default
        String[][] builtIns = {{"STATE", "State"}, {"GROUP_OF_DISTRICTS", "Group of Districts", "STATE"},
                {"DISTRICT", "District", "STATE", "GROUP_OF_DISTRICTS"},
                {"GROUP_OF_SCHOOLS", "Group of Schools", "STATE", "DISTRICT"},
                {"SCHOOL", "School", "STATE", "DISTRICT", "GROUP_OF_SCHOOLS"}};
        for (String[] b : builtIns) {
            EduDomainTypeEntity t = byCode.get(b[0]);
            if (t == null) {
                t = new EduDomainTypeEntity();
                t.setId(UUID.randomUUID().toString());
                t.setRealmId(store.realm.getId());
                t.setCode(b[0]);
                t.setName(b[1]);
                created.add(t);
            }
            t.setBuiltIn(true);
            for (int i = 2; i < b.length; i++) {
                t.getParentTypeIds().add(byCode.get(b[i]).getId());
            }
            store.em.persist(t);
            byCode.put(b[0], t);
        }
        store.em.flush();
        return created;
    }

    public List<DomainTypeRep> list() {
        return types().values().stream().sorted((a, b) -> a.getCode().compareTo(b.getCode())).map(this::toRep).toList();
    }

    public DomainTypeRep get(String idOrCode) {
        return toRep(typeOr404(idOrCode));
    }

    /** The type given by id or code (case-insensitive); 400 naming {@code field} when missing or unknown. */
    EduDomainTypeEntity type(String idOrCode, String field) {
        if (idOrCode == null || idOrCode.isBlank()) {
            throw ApiError.badRequest(field, "A domain type (id or code) is required");
        }
        EduDomainTypeEntity t = types().get(idOrCode);
        if (t == null) {
            t = types().values().stream().filter(x -> x.getCode().equalsIgnoreCase(idOrCode)).findFirst().orElse(null);
        }
        if (t == null) {
            throw ApiError.badRequest(field, "Unknown domain type " + idOrCode);
        }
        return t;
    }

    EduDomainTypeEntity typeOr404(String idOrCode) {
        try {
            return type(idOrCode, "type");
        } catch (WebApplicationException e) {
            throw ApiError.notFound("Domain type", idOrCode);
        }
    }

    /** The type of a stored row (always present: a type in use cannot be deleted). */
    EduDomainTypeEntity byId(String typeId) {
        return types().get(typeId);
    }

    String code(String typeId) {
        return types().get(typeId).getCode();
    }

    /** Type codes of these ids, sorted and comma-separated (audit values and messages). */
    String codes(Collection<String> typeIds) {
        return typeIds.stream().map(id -> types().containsKey(id) ? types().get(id).getCode() : id).sorted()
                .reduce((a, b) -> a + "," + b).orElse("");
    }

    /** Type codes of these ids as a sorted list (representations). */
    List<String> codeList(Collection<String> typeIds) {
        return typeIds.stream().map(id -> types().get(id)).filter(Objects::nonNull)
                .map(EduDomainTypeEntity::getCode).sorted().toList();
    }

    public DomainTypeRep create(Caller caller, DomainTypeRep rep) {
        String code = required(rep.code, "code").toUpperCase(Locale.ROOT);
        if (!code.matches("[A-Z0-9_]{1,64}")) {
            throw ApiError.badRequest("code", "Use 1-64 letters, digits or underscores");
        }
        if (types().values().stream().anyMatch(t -> t.getCode().equals(code))) {
            throw ApiError.conflict("code", "Domain type " + code + " already exists");
        }
        EduDomainTypeEntity t = new EduDomainTypeEntity();
        t.setId(UUID.randomUUID().toString());
        t.setRealmId(store.realm.getId());
        t.setCode(code);
        t.setName(required(rep.name, "name"));
        t.setParentTypeIds(parentTypeIds(rep.parentTypes));
        store.em.persist(t);
        store.flush("code");
        types().put(t.getId(), t);
        store.audit(caller, "DOMAIN_TYPE_CREATE", "domainType", t.getId(), b -> b.change("code", null, code)
                .change("name", null, t.getName()).change("parentTypes", null, codes(t.getParentTypeIds())));
        return toRep(t);
    }

    public DomainTypeRep update(Caller caller, String idOrCode, DomainTypeRep rep) {
        EduDomainTypeEntity t = typeOr404(idOrCode);
        if (rep.code != null && !rep.code.equalsIgnoreCase(t.getCode())) {
            throw ApiError.badRequest("code", "The code of a domain type cannot change");
        }
        String beforeName = t.getName();
        String beforeParents = codes(t.getParentTypeIds());
        if (rep.name != null) {
            t.setName(required(rep.name, "name"));
        }
        if (rep.parentTypes != null) {
            Set<String> parents = parentTypeIds(rep.parentTypes);
            if (parents.contains(t.getId())) {
                throw ApiError.badRequest("parentTypes", "A type cannot be its own parent type");
            }
            t.getParentTypeIds().clear();
            t.getParentTypeIds().addAll(parents);
        }
        store.flush("code");
        store.audit(caller, "DOMAIN_TYPE_UPDATE", "domainType", t.getId(), b -> b.change("name", beforeName, t.getName())
                .change("parentTypes", beforeParents, codes(t.getParentTypeIds())));
        return toRep(t);
    }

    public void delete(Caller caller, String idOrCode) {
        EduDomainTypeEntity t = typeOr404(idOrCode);
        if (t.isBuiltIn()) {
            throw ApiError.conflict("builtIn", "Built-in domain types cannot be deleted");
        }
        long used = store.em.createNamedQuery("edu.domainCountByType", Long.class).setParameter("typeId", t.getId())
                .getSingleResult();
        if (used > 0) {
            throw ApiError.conflict("type", used + " domains have type " + t.getCode());
        }
        store.exec("DELETE FROM EDU_DOMAIN_TYPE_PARENT WHERE PARENT_TYPE_ID = ?1", t.getId());
        store.exec("DELETE FROM EDU_ROLE_DOMAIN_TYPE WHERE TYPE_ID = ?1", t.getId());
        types().values().forEach(x -> x.getParentTypeIds().remove(t.getId()));
        store.em.remove(t);
        types().remove(t.getId());
        store.em.flush();
        store.audit(caller, "DOMAIN_TYPE_DELETE", "domainType", t.getId(), b -> b.change("code", t.getCode(), null));
    }

    private Set<String> parentTypeIds(List<String> codes) {
        Set<String> ids = new LinkedHashSet<>();
        if (codes != null) {
            for (String c : codes) {
                ids.add(type(c, "parentTypes").getId());
            }
        }
        return ids;
    }

    private DomainTypeRep toRep(EduDomainTypeEntity t) {
        DomainTypeRep r = new DomainTypeRep();
        r.id = t.getId();
        r.code = t.getCode();
        r.name = t.getName();
        r.builtIn = t.isBuiltIn();
        r.parentTypes = codeList(t.getParentTypeIds());
        return r;
    }
}
