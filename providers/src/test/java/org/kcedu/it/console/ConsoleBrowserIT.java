package org.kcedu.it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.kcedu.it.support.DirectoryRealmConfig;
import org.kcedu.it.support.EduRealmConfig;
import org.kcedu.it.support.KcEduServerConfig;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * The admin console's real-browser tests (console/e2e, issue 13): Debian's Chromium driven by playwright-core under
 * node's own test runner, against this test Keycloak with the demo realm and its demo data. Fails when node fails,
 * with node's output. Screenshots and axe-core results go to target/screenshots/.
 */
@KeycloakIntegrationTest(config = KcEduServerConfig.class)
class ConsoleBrowserIT {

    static final String MIN_NODE = "20.19";
    static final Path E2E = Path.of("..", "console", "e2e").toAbsolutePath().normalize();
    static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();
    static final String CHROMIUM = System.getenv().getOrDefault("KCEDU_CHROMIUM", "/usr/bin/chromium");

    @InjectRealm(config = ConsoleRealmConfig.class)
    ManagedRealm realm;

    @Test
    void browserTestsPass() throws Exception {
        String node = requireNode();
        if (!Files.isExecutable(Path.of(CHROMIUM))) {
            fail("Chromium not found at " + CHROMIUM + ": install the Debian package (apt-get install chromium; .ci/run"
                    + " does it) or point KCEDU_CHROMIUM at a Chromium 156 binary");
        }
        installIfNeeded();
        Files.createDirectories(SCREENSHOTS);
        try (Stream<Path> old = Files.list(SCREENSHOTS)) {
            for (Path p : old.toList()) {
                Files.deleteIfExists(p);
            }
        }
        List<String> command = new ArrayList<>(List.of(node, "--test", "--test-concurrency=1", "--test-reporter=spec"));
        String only = System.getProperty("kcedu.e2e.only"); // e.g. -Dkcedu.e2e.only=01 runs tests/01-*.test.js
        try (Stream<Path> files = Files.list(E2E.resolve("tests"))) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".test.js"))
                    .filter(n -> only == null || n.startsWith(only)).sorted().forEach(n -> command.add("tests/" + n));
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(E2E.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("KCEDU_BASE_URL", "http://localhost:8080");
        env.put("KCEDU_REALM", EduRealmConfig.REALM);
        env.put("KCEDU_DEMO_PASSWORD", EduRealmConfig.DEMO_PASSWORD);
        env.put("KCEDU_API_CLIENT", DirectoryRealmConfig.CLIENT);
        env.put("KCEDU_API_SECRET", DirectoryRealmConfig.SECRET);
        // the demo realm's SMTP placeholder, as the test realm resolved it (KCEDU_SMTP_PORT, default 1025)
        env.put("KCEDU_SMTP_PORT", realm.admin().toRepresentation().getSmtpServer().getOrDefault("port", "1025"));
        env.put("KCEDU_SCREENSHOTS", SCREENSHOTS.toString());
        env.put("KCEDU_CHROMIUM", CHROMIUM);
        StringBuilder out = new StringBuilder();
        Process p = pb.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                System.out.println("[e2e] " + line);
                out.append(line).append('\n');
            }
        }
        boolean done = p.waitFor(30, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        Files.writeString(SCREENSHOTS.resolve("node-output.txt"), out);
        holdWhileFlagged();
        int code = done ? p.exitValue() : -1;
        if (code != 0) {
            fail("node --test failed (exit " + code + "); its output:\n" + tail(out.toString(), 60_000));
        }
        Matcher fails = Pattern.compile("(?m)^ℹ fail (\\d+)").matcher(out);
        assertTrue(!fails.find() || fails.group(1).equals("0"), out.toString());
        assertEquals(0, code);
    }

    /** The node binary, at least {@value #MIN_NODE}; a clear failure otherwise. */
    static String requireNode() throws Exception {
        String node = System.getenv().getOrDefault("KCEDU_NODE", "node");
        String version;
        try {
            Process p = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
            version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            fail("Node.js >= " + MIN_NODE + " is required for the console's browser tests, and '" + node
                    + "' was not found (" + e.getMessage() + "). Install Node.js (e.g. apt-get install nodejs) and run again.");
            return null;
        }
        Matcher m = Pattern.compile("v?(\\d+)\\.(\\d+)").matcher(version);
        if (!m.find() || Integer.parseInt(m.group(1)) * 1000 + Integer.parseInt(m.group(2)) < 20_019) {
            fail("Node.js >= " + MIN_NODE + " is required for the console's browser tests; found " + version);
        }
        return node;
    }

    /**
     * {@code npm ci} when console/e2e/node_modules does not match package-lock.json. test.sh does it before Maven
     * (the offline network namespace of it.sh cannot reach the registry), so here it is only a fallback.
     */
    static void installIfNeeded() throws Exception {
        Path lock = E2E.resolve("package-lock.json");
        Path stamp = E2E.resolve("node_modules").resolve(".kcedu-lock-sha256");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(lock)));
        if (Files.isRegularFile(stamp) && Files.readString(stamp).trim().equals(sha)) {
            return;
        }
        if (Files.isDirectory(E2E.resolve("node_modules/playwright-core"))
                && Files.isDirectory(E2E.resolve("node_modules/@axe-core/playwright")) && !Files.isRegularFile(stamp)) {
            return; // installed by hand (npm install): use it
        }
        Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(E2E.toFile())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            fail("npm ci in " + E2E + " failed (no network? run it before the tests, as test.sh does):\n" + output);
        }
        Files.writeString(stamp, sha);
    }

    /**
     * Development aid: while the file target/e2e-hold exists (at most 30 minutes), the server stays up after the run,
     * so the tests can be re-run by hand against it (npm test in console/e2e, in the same network namespace).
     */
    private static void holdWhileFlagged() throws InterruptedException {
        Path flag = Path.of("target", "e2e-hold");
        long end = System.currentTimeMillis() + 30 * 60_000L;
        while (Files.exists(flag) && System.currentTimeMillis() < end) {
            Thread.sleep(2000);
        }
    }

    private static String tail(String s, int max) {
        return s.length() <= max ? s : "...\n" + s.substring(s.length() - max);
    }
}
