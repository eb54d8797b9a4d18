package org.kcedu.audit.outbox;

import java.io.IOException;
import java.util.List;

import org.kcedu.core.AuditEvent;

/** Where the sender thread delivers events: syslog, or the server log when no syslog receiver is configured. */
public interface AuditSink extends AutoCloseable {

    /** Delivers all or throws; on a throw none counts as delivered (the outbox re-sends, receivers de-duplicate by event id). */
    void deliver(List<AuditEvent> events) throws IOException;

    String describe();

    @Override
    void close();
}
