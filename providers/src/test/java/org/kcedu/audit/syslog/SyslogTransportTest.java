package org.kcedu.audit.syslog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyslogTransportTest {

    private static final byte[] M1 = "<85>1 - - - - - - \uFEFFfirst".getBytes(StandardCharsets.UTF_8);
    private static final byte[] M2 = "<85>1 - - - - - - \uFEFFsecond\nwith newline and ünïcode".getBytes(StandardCharsets.UTF_8);

    /** RFC 6587 §3.4.1 octet counting: MSG-LEN SP SYSLOG-MSG, MSG-LEN in octets, no leading zero. */
    static byte[] readFrame(InputStream in) throws IOException {
        StringBuilder len = new StringBuilder();
        int c;
        while ((c = in.read()) != ' ') {
            if (c < 0) {
                return null;
            }
            assertTrue(c >= '0' && c <= '9', "MSG-LEN digit, got " + c);
            len.append((char) c);
        }
        assertTrue(len.charAt(0) != '0', "no leading zero");
        byte[] msg = new byte[Integer.parseInt(len.toString())];
        new DataInputStream(in).readFully(msg);
        return msg;
    }

    @Test
    void tcpUsesOctetCountingFraming() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            StreamSyslogTransport t = new StreamSyslogTransport("127.0.0.1", server.getLocalPort(), null, false, 2000);
            t.send(List.of(M1, M2));
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                assertArrayEquals(M1, readFrame(in));
                assertArrayEquals(M2, readFrame(in), "octets counted, not characters; newline kept inside the frame");
            } finally {
                t.close();
            }
        }
    }

    @Test
    void tcpNoticesARestartedReceiverAndReconnects() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            StreamSyslogTransport t = new StreamSyslogTransport("127.0.0.1", server.getLocalPort(), null, false, 2000);
            t.send(List.of(M1));
            try (Socket first = server.accept()) {
                assertArrayEquals(M1, readFrame(first.getInputStream()));
            } // the receiver drops the connection
            Thread.sleep(100);
            t.send(List.of(M2)); // must not vanish into the dead connection
            try (Socket second = server.accept()) {
                second.setSoTimeout(5000);
                assertArrayEquals(M2, readFrame(second.getInputStream()));
            } finally {
                t.close();
            }
        }
    }

    @Test
    void tcpThrowsWhenNoReceiverListens() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        StreamSyslogTransport t = new StreamSyslogTransport("127.0.0.1", port, null, false, 1000);
        assertThrows(IOException.class, () -> t.send(List.of(M1)));
        t.close();
    }

    @Test
    void udpSendsOneDatagramPerMessage() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            receiver.setSoTimeout(5000);
            UdpSyslogTransport t = new UdpSyslogTransport("127.0.0.1", receiver.getLocalPort());
            t.send(List.of(M1, M2));
            t.close();
            List<byte[]> got = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                DatagramPacket p = new DatagramPacket(new byte[65_535], 65_535);
                receiver.receive(p);
                got.add(java.util.Arrays.copyOf(p.getData(), p.getLength()));
            }
            assertArrayEquals(M1, got.get(0));
            assertArrayEquals(M2, got.get(1));
        }
    }

    @Test
    void tlsVerifiesTheReceiverAgainstTheConfiguredTruststore(@TempDir Path dir) throws Exception {
        Path serverKs = dir.resolve("server.p12");
        Path trust = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "syslog", "-keyalg", "EC", "-dname", "CN=localhost", "-ext",
                "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", serverKs.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit");
        Path cert = dir.resolve("server.crt");
        keytool("-exportcert", "-alias", "syslog", "-keystore", serverKs.toString(), "-storepass", "changeit",
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "syslog-ca", "-file", cert.toString(), "-keystore",
                trust.toString(), "-storetype", "PKCS12", "-storepass", "trustpass");

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverKs)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        try (SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            Thread acceptor = new Thread(() -> {
                for (int i = 0; i < 2; i++) {
                    try (Socket s = server.accept()) {
                        s.setSoTimeout(5000);
                        byte[] frame = readFrame(s.getInputStream());
                        if (frame != null) {
                            received.writeBytes(frame);
                        }
                    } catch (IOException expectedForTheUntrustedClient) {
                        // the handshake of the client with the default truststore fails here too
                    }
                }
            });
            acceptor.start();

            StreamSyslogTransport untrusted = new StreamSyslogTransport("localhost", port,
                    TlsContexts.socketFactory(null, null, null, null, null, null), true, 3000);
            assertThrows(IOException.class, () -> untrusted.send(List.of(M1)), "self-signed receiver not in cacerts");
            untrusted.close();

            StreamSyslogTransport trusted = new StreamSyslogTransport("localhost", port,
                    TlsContexts.socketFactory(trust.toString(), "trustpass", "PKCS12", null, null, null), true, 3000);
            trusted.send(List.of(M2));
            acceptor.join(10_000);
            trusted.close();
            assertArrayEquals(M2, received.toByteArray(), "RFC 5425: octet-counted frame inside TLS");
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }
}
