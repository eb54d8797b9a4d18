package org.kcedu.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal SMTP receiver on 127.0.0.1 for tests (the demo realm sends to localhost:1025): accepts every message and
 * keeps recipient and raw content. Enough SMTP for Keycloak's mail client, nothing more.
 */
public final class SmtpSink implements AutoCloseable {

    public record Mail(String to, String data) {
    }

    private final ServerSocket server;
    private final List<Mail> mails = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public SmtpSink(int port) throws IOException {
        server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "smtp-sink");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public List<Mail> mails() {
        return mails;
    }

    /** Waits up to {@code millis} for a mail to {@code to}. */
    public Mail await(String to, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            for (Mail m : mails) {
                if (m.to().equalsIgnoreCase(to)) {
                    return m;
                }
            }
            Thread.sleep(100);
        }
        return null;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                converse(s);
            } catch (IOException e) {
                // closed, or a client that hung up: keep serving the next one
            }
        }
    }

    private void converse(Socket s) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8), true);
        out.print("220 sink ESMTP\r\n");
        out.flush();
        String to = null;
        String line;
        while ((line = in.readLine()) != null) {
            String cmd = line.toUpperCase(java.util.Locale.ROOT);
            if (cmd.startsWith("EHLO") || cmd.startsWith("HELO")) {
                out.print("250 sink\r\n");
            } else if (cmd.startsWith("RCPT TO:")) {
                to = line.substring(8).trim().replaceAll("[<>]", "");
                out.print("250 OK\r\n");
            } else if (cmd.equals("DATA")) {
                out.print("354 go ahead\r\n");
                out.flush();
                StringBuilder data = new StringBuilder();
                while ((line = in.readLine()) != null && !line.equals(".")) {
                    data.append(line).append('\n');
                }
                mails.add(new Mail(to, data.toString()));
                out.print("250 OK\r\n");
            } else if (cmd.equals("QUIT")) {
                out.print("221 bye\r\n");
                out.flush();
                return;
            } else {
                out.print("250 OK\r\n");
            }
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
