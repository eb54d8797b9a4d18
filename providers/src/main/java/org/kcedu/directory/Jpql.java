package org.kcedu.directory;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

/** A tiny JPQL builder for the optional filters of list queries (parameters always bound, never concatenated). */
final class Jpql {

    private final StringBuilder q = new StringBuilder();
    private final Map<String, Object> params = new LinkedHashMap<>();

    Jpql(String start) {
        q.append(start);
    }

    Jpql and(String clause, Object... nameValues) {
        q.append(" and ").append(clause);
        for (int i = 0; i < nameValues.length; i += 2) {
            params.put((String) nameValues[i], nameValues[i + 1]);
        }
        return this;
    }

    Jpql append(String s) {
        q.append(' ').append(s);
        return this;
    }

    Jpql param(String name, Object value) {
        params.put(name, value);
        return this;
    }

    <T> TypedQuery<T> query(EntityManager em, Class<T> type, int first, int max) {
        TypedQuery<T> tq = em.createQuery(q.toString(), type);
        params.forEach(tq::setParameter);
        return tq.setFirstResult(first).setMaxResults(max);
    }
}
