package org.kcedu.directory.jpa;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Membership of a Keycloak user in a kc-edu group. */
@Entity
@Table(name = "EDU_GROUP_MEMBER")
@IdClass(EduGroupMemberEntity.Key.class)
public class EduGroupMemberEntity {

    @Id
    @Column(name = "GROUP_ID", length = 36)
    private String groupId;

    @Id
    @Column(name = "USER_ID", length = 36)
    private String userId;

    public String getGroupId() { return groupId; }
    public void setGroupId(String groupId) { this.groupId = groupId; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }

    public static class Key implements Serializable {
        private String groupId;
        private String userId;

        public Key() {
        }

        public Key(String groupId, String userId) {
            this.groupId = groupId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(groupId, k.groupId) && Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(groupId, userId);
        }
    }
}
