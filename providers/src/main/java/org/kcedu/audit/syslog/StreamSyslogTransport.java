package org.kcedu.audit.syslog;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Syslog over TCP with octet-counting framing (RFC 6587 §3.4.1: {@code MSG-LEN SP SYSLOG-MSG}), optionally inside
 * TLS (RFC 5425, which mandates octet counting). One connection, opened lazily and re-opened after a failure.
 */
public final class StreamSyslogTransport implements SyslogTransport {

    private final String host;
    private final int port;
    private final SSLSocketFactory tls;
    private final boolean verifyHostname;
    private final int connectTimeoutMillis;
    private Socket socket;
    private OutputStream out;

    /** @param tls null for plain TCP */
    public StreamSyslogTransport(String host, int port, SSLSocketFactory tls, boolean verifyHostname,
                                 int connectTimeoutMillis) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.verifyHostname = verifyHostname;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    @Override
    public void send(List<byte[]> messages) throws IOException {
        if (socket != null && peerClosed()) {
            close();
        }
        if (socket == null) {
            connect();
        }
        try {
            for (byte[] m : messages) {
                out.write((m.length + " ").getBytes(StandardCharsets.US_ASCII));
                out.write(m);
            }
            out.flush();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /**
     * Syslog receivers never write back, so a readable EOF means the receiver went away. Without this check the
     * first batch after a receiver restart would be written into a dead connection and lost without an error.
     */
    private boolean peerClosed() {
        try {
            socket.setSoTimeout(1);
            InputStream in = socket.getInputStream();
            return in.read() < 0;
        } catch (SocketTimeoutException alive) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private void connect() throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            plain.setKeepAlive(true);
            plain.setTcpNoDelay(true);
            Socket s = plain;
            if (tls != null) {
                SSLSocket ssl = (SSLSocket) tls.createSocket(plain, host, port, true);
                if (verifyHostname) {
                    SSLParameters params = ssl.getSSLParameters();
                    params.setEndpointIdentificationAlgorithm("HTTPS");
                    ssl.setSSLParameters(params);
                }
                ssl.setSoTimeout(connectTimeoutMillis);
                ssl.startHandshake();
                s = ssl;
            }
            socket = s;
            out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
        } catch (IOException e) {
            plain.close();
            throw e;
        }
    }

    @Override
    public boolean reliable() {
        return true;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection: nothing left to save
            }
            socket = null;
            out = null;
        }
    }
}
