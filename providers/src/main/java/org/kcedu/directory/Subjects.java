package org.kcedu.directory;

import static org.kcedu.directory.DirectoryStore.required;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.kcedu.core.ApiError;
import org.kcedu.core.Caller;
import org.kcedu.directory.jpa.EduSubjectEntity;
import org.kcedu.directory.model.SubjectRep;

/** The realm's subjects (MATH, ELA, ...) that roles allow their assignments to carry (a role's subject list). */
public final class Subjects {

    private final DirectoryStore store;

    Subjects(DirectoryStore store) {
        this.store = store;
    }

    public List<SubjectRep> list() {
        return store.em.createNamedQuery("edu.subjectsByRealm", EduSubjectEntity.class).setParameter("realmId", store.realm.getId())
                .getResultStream().map(Subjects::toRep).toList();
    }

    /** The subject given by id or code; 404 when {@code notFound}, else 400 naming {@code field}. */
    EduSubjectEntity subject(String idOrCode, String field, boolean notFound) {
        EduSubjectEntity s = store.find(EduSubjectEntity.class, idOrCode, EduSubjectEntity::getRealmId);
        if (s == null) {
            s = byCode(idOrCode.toUpperCase(Locale.ROOT));
        }
        if (s == null) {
            throw notFound ? ApiError.notFound("Subject", idOrCode) : ApiError.badRequest(field, "Unknown subject " + idOrCode);
        }
        return s;
    }

    /** Codes of these subject ids, sorted. */
    List<String> codeList(java.util.Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return store.em.createQuery("select s.code from EduSubjectEntity s where s.id in :ids order by s.code", String.class)
                .setParameter("ids", ids).getResultList();
    }

    /** Ids of every subject of the realm. */
    List<String> allIds() {
        return store.em.createQuery("select s.id from EduSubjectEntity s where s.realmId = :realmId", String.class)
                .setParameter("realmId", store.realm.getId()).getResultList();
    }

    private EduSubjectEntity byCode(String code) {
        return store.em.createNamedQuery("edu.subjectByCode", EduSubjectEntity.class).setParameter("realmId", store.realm.getId())
                .setParameter("code", code).getResultStream().findFirst().orElse(null);
    }

    private void checkCodeFree(String code) {
        if (byCode(code) != null) {
            throw ApiError.conflict("code", "Subject " + code + " already exists");
        }
    }

    public SubjectRep get(String idOrCode) {
        return toRep(subject(idOrCode, "subject", true));
    }

    public SubjectRep create(Caller caller, SubjectRep rep) {
        String code = required(rep.code, "code").toUpperCase(Locale.ROOT);
        checkCodeFree(code);
        EduSubjectEntity s = new EduSubjectEntity();
        s.setId(UUID.randomUUID().toString());
        s.setRealmId(store.realm.getId());
        s.setCode(code);
        s.setName(required(rep.name, "name"));
        store.em.persist(s);
        store.flush("code");
        store.audit(caller, "SUBJECT_CREATE", "subject", s.getId(), b -> b.change("code", null, code).change("name", null, s.getName()));
        return toRep(s);
    }

    public SubjectRep update(Caller caller, String idOrCode, SubjectRep rep) {
        EduSubjectEntity s = subject(idOrCode, "subject", true);
        if (rep.code != null && !rep.code.equalsIgnoreCase(s.getCode())) {
            throw ApiError.badRequest("code", "The code of a subject cannot change");
        }
        String before = s.getName();
        if (rep.name != null) {
            s.setName(required(rep.name, "name"));
        }
        store.flush("name");
        store.audit(caller, "SUBJECT_UPDATE", "subject", s.getId(), b -> b.change("name", before, s.getName()));
        return toRep(s);
    }

    /** Changes a subject's code (bulk primary-key update, {@code new_code}); assignments keep pointing at it by id. */
    public SubjectRep rename(Caller caller, String idOrCode, String newCode) {
        EduSubjectEntity s = subject(idOrCode, "subject", true);
        String code = required(newCode, "code").toUpperCase(Locale.ROOT);
        if (code.equals(s.getCode())) {
            return toRep(s);
        }
        checkCodeFree(code);
        String before = s.getCode();
        s.setCode(code);
        store.flush("code");
        store.audit(caller, "SUBJECT_UPDATE", "subject", s.getId(), b -> b.change("code", before, code));
        return toRep(s);
    }

    public void delete(Caller caller, String idOrCode) {
        EduSubjectEntity s = subject(idOrCode, "subject", true);
        long used = store.count("select count(a) from EduRoleAssignmentEntity a where a.subjectId = :id", s.getId());
        if (used > 0) {
            throw ApiError.conflict("assignments", used + " role assignments use subject " + s.getCode());
        }
        List<String> onlyOf = store.em.createQuery("select r.name from EduRoleEntity r join r.subjectIds sid where sid = :id"
                + " and r.subjectRequired = true and size(r.subjectIds) = 1 order by r.name", String.class)
                .setParameter("id", s.getId()).getResultList();
        if (!onlyOf.isEmpty()) {
            throw ApiError.conflict("roles", "Subject " + s.getCode() + " is the only subject of role(s) requiring one: "
                    + String.join(", ", onlyOf) + "; change those roles first");
        }
        // the subject leaves the lists of the roles that allow it (their audit shows the list as it is read)
        store.exec("DELETE FROM EDU_ROLE_SUBJECT WHERE SUBJECT_ID = ?1", s.getId());
        store.em.remove(s);
        store.em.flush();
        store.audit(caller, "SUBJECT_DELETE", "subject", s.getId(), b -> b.change("code", s.getCode(), null));
    }

    private static SubjectRep toRep(EduSubjectEntity s) {
        SubjectRep r = new SubjectRep();
        r.id = s.getId();
        r.code = s.getCode();
        r.name = s.getName();
        return r;
    }
}
