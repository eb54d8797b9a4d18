package org.kcedu.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Keycloak server the test starts, kills and restarts itself as a child process, for what the test framework's
 * one shared server cannot show: a node killed with undelivered work, a restart, two nodes on one database.
 * <p>
 * The pinned distribution is unpacked by Maven (pre-integration-test) into {@code target/kc-dist}; {@link #prepare}
 * adds the bundle JAR and runs {@code kc.sh build} once for PostgreSQL with a clustered cache, and each node gets its
 * own copy so that nodes never share {@code data/}. Ports are outside the framework's 8080/9000.
 */
public final class KeycloakNode {

    /** Defaults fit a quiet machine; -Dkcedu.node.startMinutes / -Dkcedu.node.buildMinutes raise them on a loaded one. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(Long.getLong("kcedu.node.startMinutes", 4));
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(Long.getLong("kcedu.node.buildMinutes", 5));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final Path home;
    private final int httpPort;
    private final List<String> options;
    private Process process;

    private KeycloakNode(String name, Path home, int httpPort, List<String> options) {
        this.name = name;
        this.home = home;
        this.httpPort = httpPort;
        this.options = options;
    }

    /** Where nodes live: one built template, one copy per node. */
    private static final Path WORK = Path.of("target", "kc-nodes").toAbsolutePath();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** Builds the distribution with the bundle once per build of the bundle; returns the built template directory. */
    private static synchronized Path prepare() throws IOException, InterruptedException {
        Path workDir = WORK;
        Files.createDirectories(workDir);
        Path dist = Path.of(System.getProperty("kcedu.dist.dir", "target/kc-dist/keycloak-unknown"));
        Path jar = Path.of(System.getProperty("kcedu.providers.jar", "missing.jar"));
        if (!Files.isDirectory(dist) || !Files.isRegularFile(jar)) {
            throw new IllegalStateException("Run through Maven (mvn verify): needs the unpacked distribution " + dist
                    + " and the bundle " + jar);
        }
        Path template = workDir.resolve("template");
        Path stamp = template.resolve(".kcedu-built-from");
        String from = jar + "@" + Files.getLastModifiedTime(jar).toMillis() + "+" + Files.size(jar);
        if (Files.exists(stamp) && Files.readString(stamp).equals(from)) {
            return template;
        }
        delete(template);
        copy(dist, template);
        Files.copy(jar, template.resolve("providers").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        run(template, List.of("build", "--db=postgres", "--cache=ispn", "--health-enabled=true"),
                workDir.resolve("build.log"), BUILD_TIMEOUT);
        Files.writeString(stamp, from);
        return template;
    }

    /**
     * A node on PostgreSQL database {@code dbUrl}: HTTP on {@code httpPort}, management on {@code httpPort + 1000},
     * JGroups on {@code jgroupsPort}, plus {@code extraOptions} (e.g. SPI settings). Not started yet.
     */
    public static KeycloakNode create(String name, String dbUrl, int httpPort, int jgroupsPort, List<String> extraOptions)
            throws IOException, InterruptedException {
        Path template = prepare();
        Path home = WORK.resolve("node-" + name);
        delete(home);
        copy(template, home);
        List<String> options = new ArrayList<>(List.of("start", "--optimized",
                "--db-url=" + dbUrl, "--db-username=postgres", "--db-password=unused-trust-auth",
                "--http-enabled=true", "--http-port=" + httpPort, "--http-management-port=" + (httpPort + 1000),
                "--hostname-strict=false",
                "--cache-embedded-network-bind-address=127.0.0.1",
                "--cache-embedded-network-bind-port=" + jgroupsPort));
        options.addAll(extraOptions);
        return new KeycloakNode(name, home, httpPort, options);
    }

    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    public Path log() {
        return home.resolve("node.log");
    }

    /** Starts the node and waits until it is ready; the first node also creates the bootstrap admin admin/admin. */
    public void start() throws IOException, InterruptedException {
        ProcessBuilder pb = command(home, options);
        pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        pb.environment().put("JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx768m");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        process = pb.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!ready()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak node " + name + " exited with " + process.exitValue()
                        + "; see " + log());
            }
            if (System.nanoTime() > deadline) {
                kill();
                throw new IllegalStateException("Keycloak node " + name + " not ready after " + START_TIMEOUT + "; see " + log());
            }
            Thread.sleep(500);
        }
    }

    private boolean ready() {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/realms/master"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL: no shutdown hook, no flushing; whatever was not committed is gone, as in a crash. */
    public void kill() throws InterruptedException {
        if (process != null) {
            List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
            tree.forEach(ProcessHandle::destroyForcibly);
            process.waitFor(30, TimeUnit.SECONDS);
            for (ProcessHandle h : tree) {
                h.onExit().toCompletableFuture().completeOnTimeout(h, 30, TimeUnit.SECONDS).join();
            }
            process = null;
        }
    }

    /** A master-realm admin token (admin-cli, bootstrap admin admin/admin). */
    public String adminToken() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl()
                                + "/realms/master/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "grant_type=password&client_id=admin-cli&username=admin&password=admin")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("admin token from node " + name + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    /** A request with a bearer token; {@code body} is sent as JSON unless it is a String (sent as text/csv). */
    public HttpResponse<String> send(String token, String method, String path, Object body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else if (body instanceof String text) {
            b.header("Content-Type", "text/csv; charset=UTF-8").method(method, HttpRequest.BodyPublishers.ofString(text));
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ProcessBuilder command(Path home, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/kc.sh").toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile());
        Map<String, String> env = pb.environment();
        String javaHome = System.getProperty("java.home");
        env.put("JAVA_HOME", javaHome);
        return pb;
    }

    private static void run(Path home, List<String> args, Path logFile, Duration timeout) throws IOException, InterruptedException {
        Process p = command(home, args).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("kc.sh " + String.join(" ", args) + " failed; see " + logFile);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
