package org.kcedu.audit.syslog;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Carries formatted RFC 5424 messages to one receiver. Used by a single sender thread, so implementations need not
 * be thread-safe. {@link #send} throws when the receiver cannot take the messages: the caller keeps them.
 */
public interface SyslogTransport extends Closeable {

    void send(List<byte[]> messages) throws IOException;

    /** True when a successful {@link #send} means the bytes reached a live connection (TCP, TLS), false for UDP. */
    boolean reliable();

    @Override
    void close();
}
