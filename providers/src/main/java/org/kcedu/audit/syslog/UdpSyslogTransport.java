package org.kcedu.audit.syslog;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.List;

/** RFC 5426: one message per datagram. Fire and forget: an absent receiver is not noticed, so no delivery guarantee. */
public final class UdpSyslogTransport implements SyslogTransport {

    /** Largest IPv4 UDP payload; longer messages cannot travel over UDP at all. */
    static final int MAX_DATAGRAM = 65_507;

    private final InetSocketAddress target;
    private DatagramSocket socket;

    public UdpSyslogTransport(String host, int port) {
        this.target = new InetSocketAddress(host, port);
    }

    @Override
    public void send(List<byte[]> messages) throws IOException {
        if (socket == null) {
            socket = new DatagramSocket();
        }
        for (byte[] m : messages) {
            int len = Math.min(m.length, MAX_DATAGRAM);
            socket.send(new DatagramPacket(m, len, target.isUnresolved()
                    ? new InetSocketAddress(target.getHostString(), target.getPort()) : target));
        }
    }

    @Override
    public boolean reliable() {
        return false;
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
