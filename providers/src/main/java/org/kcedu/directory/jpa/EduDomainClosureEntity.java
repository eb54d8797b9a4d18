package org.kcedu.directory.jpa;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * Closure table of the hierarchy: one row per (ancestor, descendant) pair including (d, d, 0). Subtree and ancestor
 * queries are single index lookups instead of recursive walks. Written only by set-based SQL in DomainHierarchy.
 */
@Entity
@Table(name = "EDU_DOMAIN_CLOSURE")
@IdClass(EduDomainClosureEntity.Key.class)
public class EduDomainClosureEntity {

    @Id
    @Column(name = "ANCESTOR_ID", length = 36)
    private String ancestorId;

    @Id
    @Column(name = "DESCENDANT_ID", length = 36)
    private String descendantId;

    @Column(name = "DEPTH", nullable = false)
    private int depth;

    public String getAncestorId() { return ancestorId; }
    public void setAncestorId(String ancestorId) { this.ancestorId = ancestorId; }
    public String getDescendantId() { return descendantId; }
    public void setDescendantId(String descendantId) { this.descendantId = descendantId; }
    public int getDepth() { return depth; }
    public void setDepth(int depth) { this.depth = depth; }

    public static class Key implements Serializable {
        private String ancestorId;
        private String descendantId;

        public Key() {
        }

        public Key(String ancestorId, String descendantId) {
            this.ancestorId = ancestorId;
            this.descendantId = descendantId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(ancestorId, k.ancestorId) && Objects.equals(descendantId, k.descendantId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(ancestorId, descendantId);
        }
    }
}
