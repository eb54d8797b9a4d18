package org.kcedu.audit.outbox;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.kcedu.core.AuditEvent;
import org.kcedu.audit.syslog.Rfc5424Formatter;
import org.kcedu.audit.syslog.SyslogTransport;

/** Formats events as RFC 5424 and hands them to the transport in one batch. */
public final class SyslogSink implements AuditSink {

    private final Rfc5424Formatter formatter;
    private final SyslogTransport transport;
    private final String description;

    public SyslogSink(Rfc5424Formatter formatter, SyslogTransport transport, String description) {
        this.formatter = formatter;
        this.transport = transport;
        this.description = description;
    }

    @Override
    public void deliver(List<AuditEvent> events) throws IOException {
        List<byte[]> messages = new ArrayList<>(events.size());
        for (AuditEvent e : events) {
            messages.add(formatter.format(e));
        }
        transport.send(messages);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        transport.close();
    }
}
