# kc-edu on the official Keycloak image. Build from a clean clone: docker build -t kc-edu .
# KEYCLOAK_VERSION must equal <keycloak.dist.version> in pom.xml (checked by DeploymentFilesTest).
ARG KEYCLOAK_VERSION=26.7.3

# 1. Build the bundle JAR (no JDK or Node.js needed on the host). The admin console is built with the system Node.js
#    (>= 20.19), taken from the official Node image.
FROM node:22-bookworm-slim AS node
FROM maven:3.9-eclipse-temurin-21 AS bundle
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s /usr/local/lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx
WORKDIR /src
COPY pom.xml ./
COPY themes themes
COPY realm-config realm-config
COPY console console
COPY providers providers
COPY bulk-import bulk-import
RUN mvn -B -ntp -q package -DskipTests -pl providers -am

# 2. Augment Keycloak with the bundle for PostgreSQL.
FROM quay.io/keycloak/keycloak:${KEYCLOAK_VERSION} AS builder
ENV KC_DB=postgres \
    KC_HEALTH_ENABLED=true \
    KC_METRICS_ENABLED=true
COPY --from=bundle /src/providers/target/kc-edu-providers-*.jar /opt/keycloak/providers/kc-edu-providers.jar
RUN /opt/keycloak/bin/kc.sh build

# 3. Runtime image.
FROM quay.io/keycloak/keycloak:${KEYCLOAK_VERSION}
COPY --from=builder /opt/keycloak/ /opt/keycloak/
COPY realm-config/src/main/resources/kc-edu/realm/edu-realm.json /opt/keycloak/data/import/edu-realm.json
# Quarkus's HTTP body limit (10 MiB by default) aligned with kc-edu's bulk upload limit (200 MiB) + 1 MiB multipart
# framing, so oversized uploads get kc-edu's JSON 413 (docs/bulk.md#configuration-spi-kc-edu-bulk-provider-default).
ENV QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE=201M
USER 1000
EXPOSE 8080 9000
ENTRYPOINT ["/opt/keycloak/bin/kc.sh"]
CMD ["start", "--optimized", "--import-realm"]
