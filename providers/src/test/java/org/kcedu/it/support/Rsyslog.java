package org.kcedu.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.kcedu.audit.syslog.StrictRfc5424Parser;

/**
 * A real rsyslogd (Debian package "rsyslog") started by the test on loopback: TCP (octet counting) and UDP on the
 * same port number, every message written raw, one per line, prefixed by the input that received it.
 * Each line is parsed with the strict RFC 5424 parser, so whatever reached the file must be valid.
 */
public final class Rsyslog implements AutoCloseable {

    public static final String BINARY = "/usr/sbin/rsyslogd";

    /** One received message: "imtcp" or "imudp", and the parsed message. */
    public record Received(String input, StrictRfc5424Parser.Message message) {
    }

    private final Path dir;
    private final int port;
    private Process process;

    public Rsyslog(Path dir, int port) {
        this.dir = dir.toAbsolutePath();
        this.port = port;
    }

    public static boolean installed() {
        return Files.isExecutable(Path.of(BINARY));
    }

    /**
     * Skips the calling test (JUnit assumption) when rsyslogd is missing, naming {@code what} is skipped; on CI, where
     * `.ci/run` installs it, a missing rsyslogd fails instead.
     */
    public static void requireInstalled(String what) {
        if (installed()) {
            return;
        }
        String why = BINARY + " missing: install it with `apt-get install -y rsyslog`";
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(why + " (required on CI)");
        }
        org.junit.jupiter.api.Assumptions.abort("SKIPPED " + what + ": " + why);
    }

    public Path output() {
        return dir.resolve("received.log");
    }

    public void start() {
        try {
            Files.createDirectories(dir);
            Path conf = dir.resolve("rsyslog.conf");
            Files.writeString(conf, String.join("\n",
                    "global(workDirectory=\"" + dir + "\" maxMessageSize=\"64k\")",
                    "module(load=\"imtcp\")",
                    "module(load=\"imudp\")",
                    "input(type=\"imtcp\" port=\"" + port + "\" address=\"127.0.0.1\")",
                    "input(type=\"imudp\" port=\"" + port + "\" address=\"127.0.0.1\")",
                    "template(name=\"raw\" type=\"string\" string=\"%inputname% %rawmsg%\\n\")",
                    "*.* action(type=\"omfile\" file=\"" + output() + "\" template=\"raw\")", ""));
            process = new ProcessBuilder(BINARY, "-n", "-f", conf.toString(), "-i", dir.resolve("rsyslogd.pid").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("rsyslogd.out").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!listening()) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("rsyslogd did not start on 127.0.0.1:" + port + ": "
                            + Files.readString(dir.resolve("rsyslogd.out")));
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops only the rsyslogd this object started (by its own process handle). */
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public List<Received> received() {
        Path out = output();
        if (!Files.exists(out)) {
            return List.of();
        }
        byte[] all;
        try {
            all = Files.readAllBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Received> result = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                byte[] line = Arrays.copyOfRange(all, start, i);
                start = i + 1;
                int sp = indexOf(line, (byte) ' ');
                String input = new String(line, 0, sp, StandardCharsets.US_ASCII);
                result.add(new Received(input, StrictRfc5424Parser.parse(Arrays.copyOfRange(line, sp + 1, line.length))));
            }
        }
        return result;
    }

    private static int indexOf(byte[] b, byte c) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        throw new IllegalStateException("no input name in line");
    }

    /** Waits until some received message matches, returns all received so far. */
    public List<Received> await(Predicate<List<Received>> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Received> r = received();
            if (done.test(r)) {
                return r;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for syslog messages; "
                        + r.size() + " received so far in " + output());
            }
            Thread.sleep(200);
        }
    }
}
