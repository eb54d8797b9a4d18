package org.kcedu.audit.outbox;

import java.util.List;

import org.jboss.logging.Logger;
import org.kcedu.core.AuditEvent;

/** Without a syslog receiver the trail still reaches the server log (category org.kcedu.audit), one line per event. */
public final class LogSink implements AuditSink {

    private static final Logger LOG = Logger.getLogger("org.kcedu.audit");

    @Override
    public void deliver(List<AuditEvent> events) {
        for (AuditEvent e : events) {
            LOG.infof("%s %s %s %s/%s actor=%s(%s) client=%s ip=%s via=%s changes=%s reason=%s", e.id(), e.action(),
                    e.outcome(), e.targetType(), e.targetId(), e.actorUsername(), e.actorUserId(), e.actorClientId(),
                    e.actorIp(), e.entryPoint(), e.changes().keySet(), e.reason());
        }
    }

    @Override
    public String describe() {
        return "server log";
    }

    @Override
    public void close() {
    }
}
