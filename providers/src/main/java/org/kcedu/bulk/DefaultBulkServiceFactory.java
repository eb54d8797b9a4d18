package org.kcedu.bulk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;
import org.kcedu.bulk.csv.XlsxLimits;
import org.kcedu.bulk.csv.XlsxUploadCheck;
import org.kcedu.bulk.job.BulkJobStore;
import org.kcedu.bulk.job.EduBulkJobEntity;
import org.kcedu.bulk.directory.AssignmentsHandler;
import org.kcedu.bulk.directory.DomainsHandler;
import org.kcedu.bulk.directory.GroupMembershipsHandler;
import org.kcedu.bulk.directory.GroupAssignmentsHandler;
import org.kcedu.bulk.directory.GroupsHandler;
import org.kcedu.bulk.directory.RolesHandler;
import org.kcedu.bulk.directory.SubjectsHandler;
import org.kcedu.bulk.users.UsersHandler;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;

/**
 * Owns the bulk engine's shared parts: configuration, the file kinds, and the executor that runs jobs in the
 * background. Uploads and error reports are files under {@link BulkConfig#directory()} rather than database
 * BLOBs: a 200 MB upload streams to disk with flat memory on every database, whereas BLOB handling differs between
 * H2, PostgreSQL and MariaDB (packet limits, large-object APIs). The price: a job resumes on the node that holds its
 * file (or on any node when the directory is shared storage). Inputs are deleted when their job completes.
 * At start-up, jobs left QUEUED or RUNNING by a crash are resumed from their last committed batch.
 */
public class DefaultBulkServiceFactory implements BulkServiceFactory {

    public static final String ID = "default";
    private static final Logger LOG = Logger.getLogger(DefaultBulkServiceFactory.class);

    private BulkConfig config;
    private Map<String, EntityHandler> handlers;
    private RowAuthorizer.Factory authorizers;
    private ExecutorService executor;
    private KeycloakSessionFactory sessionFactory;
    private MailRate mailRate;
    /** Jobs queued or running on this node: a resume request for one of them must not start a second runner. */
    private final java.util.Set<String> active = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void init(Config.Scope scope) {
        config = BulkConfig.from(scope);
        Map<String, EntityHandler> kinds = new java.util.HashMap<>(Map.of(UsersHandler.KIND, new UsersHandler(),
                DomainsHandler.KIND, new DomainsHandler(),
                SubjectsHandler.KIND, new SubjectsHandler(),
                RolesHandler.KIND, new RolesHandler(),
                AssignmentsHandler.KIND, new AssignmentsHandler(),
                GroupMembershipsHandler.KIND, new GroupMembershipsHandler(),
                GroupsHandler.KIND, new GroupsHandler(),
                GroupAssignmentsHandler.KIND, new GroupAssignmentsHandler()));
        // Slices above bulk contribute their own kinds (META-INF/services/org.kcedu.bulk.EntityHandler), so the
        // dependency stays one way: they import bulk, bulk never imports them.
        for (EntityHandler h : java.util.ServiceLoader.load(EntityHandler.class, DefaultBulkServiceFactory.class.getClassLoader())) {
            if (kinds.putIfAbsent(h.kind(), h) != null) {
                LOG.warnf("kc-edu bulk: a second handler for kind %s (%s) is ignored", h.kind(), h.getClass().getName());
            }
        }
        handlers = Map.copyOf(kinds);
        authorizers = new ScopedRowAuthorizer();
        mailRate = new MailRate(config.mailsPerMinute(), System::nanoTime);
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "kc-edu-bulk-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.sessionFactory = factory;
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                resumeUnfinished();
            }
        });
    }

    private void resumeUnfinished() {
        try {
            List<String> ids = KeycloakModelUtils.runJobInTransactionWithResult(sessionFactory, s ->
                    new BulkJobStore(s).unfinished().stream().map(j -> j.id).toList());
            for (String id : ids) {
                if (Files.exists(input(id))) {
                    LOG.infof("kc-edu bulk: resuming job %s after a restart", id);
                    start(id);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("kc-edu bulk: could not look for unfinished jobs", e);
        }
    }

    void start(String jobId) {
        EduBulkJobEntity probe = KeycloakModelUtils.runJobInTransactionWithResult(sessionFactory,
                s -> new BulkJobStore(s).find(jobId));
        EntityHandler handler = probe == null ? null : handlers.get(probe.entity);
        if (handler == null || !active.add(jobId)) {
            return;
        }
        executor.submit(() -> {
            try {
                new ImportJobRunner(sessionFactory, config, handler, authorizers, jobId, input(jobId),
                        errorReport(jobId)).run();
            } finally {
                active.remove(jobId);
            }
        });
    }

    Path input(String jobId) {
        return config.directory().resolve(jobId + ".csv");
    }

    Path errorReport(String jobId) {
        return config.directory().resolve(jobId + ".errors.csv");
    }

    @Override
    public BulkService create(KeycloakSession session) {
        return new BulkService() {
            @Override
            public EntityHandler handler(String kind) {
                return kind == null ? null : handlers.get(kind);
            }

            @Override
            public BulkConfig config() {
                return config;
            }

            @Override
            public EduBulkJobEntity submit(BulkActor actor, EntityHandler handler, ImportOptions options,
                                           InputStream body) throws IOException {
                String fileName = options.fileName();
                String id = UUID.randomUUID().toString();
                Files.createDirectories(config.directory());
                Path file = input(id);
                long size = copyLimited(body, file, config.maxUploadBytes());
                XlsxUploadCheck.Refusal refusal = XlsxUploadCheck.check(file, options.declaredXlsx(),
                        XlsxLimits.forUploadLimit(config.maxUploadBytes()));
                if (refusal != null) {
                    Files.deleteIfExists(file);
                    throw new BulkService.UploadRefusedException(refusal.tooLarge(), refusal.message());
                }
                EduBulkJobEntity job = new EduBulkJobEntity();
                job.id = id;
                job.realmId = actor.realmId();
                job.entity = handler.kind();
                job.status = BulkJobStore.QUEUED;
                job.dryRun = options.dryRun();
                job.setPasswordEmail = options.setPasswordEmail();
                job.actorUserId = actor.userId();
                job.actorUsername = actor.username();
                job.actorClientId = actor.clientId();
                job.actorIp = actor.ipAddress();
                job.fileName = fileName == null ? null : fileName.substring(0, Math.min(255, fileName.length()));
                job.fileBytes = size;
                job.createdAt = System.currentTimeMillis();
                new BulkJobStore(session).create(job);
                session.getTransactionManager().enlistAfterCompletion(new AfterCommit(() -> start(id)));
                return job;
            }

            @Override
            public boolean resume(EduBulkJobEntity job) {
                if (active.contains(job.id)) {
                    return true; // already queued or running here: nothing to do, the caller keeps polling
                }
                if (BulkJobStore.COMPLETED.equals(job.status) || !Files.exists(input(job.id))) {
                    return false;
                }
                job.status = BulkJobStore.QUEUED;
                job.message = null;
                session.getTransactionManager().enlistAfterCompletion(new AfterCommit(() -> start(job.id)));
                return true;
            }

            @Override
            public MailRate mailRate() {
                return mailRate;
            }

            @Override
            public EduBulkJobEntity job(String id) {
                return new BulkJobStore(session).find(id);
            }

            @Override
            public Path errorReport(String jobId) {
                return DefaultBulkServiceFactory.this.errorReport(jobId);
            }
        };
    }

    /** Copies at most {@code limit} bytes; deletes the partial file and throws when the body is longer. */
    static long copyLimited(InputStream in, Path target, long limit) throws IOException {
        long total = 0;
        byte[] buf = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
                if (total > limit) {
                    throw new BulkService.UploadTooLargeException(limit);
                }
                out.write(buf, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException ignored) {
                // best effort
            }
            if (e instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) e;
        }
        return total;
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String getId() {
        return ID;
    }

    /** Starts the job only when the transaction that created it committed. */
    private static final class AfterCommit extends org.keycloak.models.AbstractKeycloakTransaction {
        private final Runnable action;

        AfterCommit(Runnable action) {
            this.action = action;
        }

        @Override
        protected void commitImpl() {
            action.run();
        }

        @Override
        protected void rollbackImpl() {
        }
    }
}
