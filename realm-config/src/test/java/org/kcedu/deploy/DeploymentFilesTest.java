package org.kcedu.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Docker is not available on the build machines, so the compose file and Dockerfile are checked here for what can
 * be checked without it: they parse, they name the pinned Keycloak, and they agree with the realm and each other.
 */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compose() throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        return new Yaml(options).load(Files.readString(ROOT.resolve("docker-compose.yml")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) throws IOException {
        Map<String, Object> services = (Map<String, Object>) compose().get("services");
        Map<String, Object> service = (Map<String, Object>) services.get(name);
        assertNotNull(service, "service " + name + " in docker-compose.yml");
        return service;
    }

    private static String pinnedKeycloakVersion() throws IOException {
        Matcher m = Pattern.compile("<keycloak.dist.version>([^<]+)</keycloak.dist.version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertTrue(m.find());
        return m.group(1);
    }

    @Test
    void composeHasTheTargetShape() throws IOException {
        for (String name : List.of("postgres", "keycloak-1", "keycloak-2", "proxy", "syslog", "mailpit")) {
            service(name);
        }
        assertEquals(List.of("8080:8080"), service("proxy").get("ports"), "the proxy is the only public door");
    }

    @Test
    @SuppressWarnings("unchecked")
    void keycloakNodesBuildThisRepositoryAndUsePostgres() throws IOException {
        for (String node : List.of("keycloak-1", "keycloak-2")) {
            Map<String, Object> kc = service(node);
            assertEquals(".", kc.get("build"));
            Map<String, Object> env = (Map<String, Object>) kc.get("environment");
            assertEquals("postgres", env.get("KC_DB"));
            assertTrue(env.get("KC_DB_URL").toString().startsWith("jdbc:postgresql://postgres:5432/"));
            assertEquals("mailpit", env.get("KCEDU_SMTP_HOST"), "realm SMTP placeholder points at the mail catcher");
            assertEquals("syslog", env.get("KCEDU_SYSLOG_HOST"));
        }
        assertTrue(((List<String>) service("keycloak-1").get("command")).contains("--import-realm"));
        assertFalse(((List<String>) service("keycloak-2").get("command")).contains("--import-realm"),
                "only one node imports the demo realm");
    }

    @Test
    void realmPlaceholdersAreSetByCompose() throws IOException {
        String realm = Files.readString(ROOT.resolve("realm-config/src/main/resources/kc-edu/realm/edu-realm.json"));
        String composeText = Files.readString(ROOT.resolve("docker-compose.yml"));
        Matcher m = Pattern.compile("\\$\\{(KCEDU_[A-Z_]+)").matcher(realm);
        int found = 0;
        while (m.find()) {
            found++;
            assertTrue(composeText.contains(m.group(1) + ":"), m.group(1) + " is set for the Keycloak nodes");
        }
        assertTrue(found >= 3, "the realm uses environment placeholders");
    }

    @Test
    void dockerfileUsesThePinnedKeycloakAndShipsTheBundleAndRealm() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertTrue(dockerfile.contains("ARG KEYCLOAK_VERSION=" + pinnedKeycloakVersion() + "\n"),
                "Dockerfile KEYCLOAK_VERSION equals <keycloak.dist.version>");
        assertTrue(dockerfile.contains("FROM quay.io/keycloak/keycloak:${KEYCLOAK_VERSION}"));
        assertTrue(dockerfile.contains("/opt/keycloak/providers/kc-edu-providers.jar"));
        assertTrue(dockerfile.contains("kc.sh build"));
        Matcher copy = Pattern.compile("COPY (realm-config/\\S+) /opt/keycloak/data/import/").matcher(dockerfile);
        assertTrue(copy.find());
        assertTrue(Files.isRegularFile(ROOT.resolve(copy.group(1))), copy.group(1) + " exists");
    }

    @Test
    void dockerBuildStageCopiesEveryMavenModule() throws IOException {
        // Maven refuses to build when a module listed in the root pom is missing from the build context.
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        int modules = 0;
        while (m.find()) {
            modules++;
            assertTrue(dockerfile.contains("COPY " + m.group(1) + " " + m.group(1) + "\n"), "Dockerfile copies module " + m.group(1));
        }
        assertTrue(modules >= 3);
    }

    @Test
    void proxyBalancesBothNodesAndMountedConfigsExist() throws IOException {
        String nginx = Files.readString(ROOT.resolve("deploy/nginx.conf"));
        assertTrue(nginx.contains("server keycloak-1:8080") && nginx.contains("server keycloak-2:8080"));
        assertTrue(nginx.contains("X-Forwarded-Proto"), "KC_PROXY_HEADERS=xforwarded needs the forwarded headers");
        for (String service : List.of("proxy", "syslog")) {
            @SuppressWarnings("unchecked")
            List<String> volumes = (List<String>) service(service).get("volumes");
            volumes.stream().filter(v -> v.startsWith("./")).forEach(v ->
                    assertTrue(Files.isRegularFile(ROOT.resolve(v.substring(2, v.indexOf(':')))), v));
        }
    }
}
