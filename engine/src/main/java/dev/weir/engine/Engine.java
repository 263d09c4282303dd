package dev.weir.engine;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.internal.TableEnvironmentImpl;
import org.apache.flink.table.gateway.api.utils.SqlGatewayException;

/**
 * The engine's state: the local MiniCluster (started in the background at launch), the sessions, and the
 * worker threads that run statements. Sessions whose config says execution.target=remote submit to that
 * cluster instead (rest.address / rest.port).
 */
final class Engine {
    final String flinkVersion = EnvironmentInformation.getVersion();
    final int majorVersion = Integer.parseInt(flinkVersion.split("\\.")[0]);
    final int slots;
    final Path dataDir;
    private final Map<UUID, Session> sessions = new ConcurrentHashMap<>();
    final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "weir-statement");
        t.setDaemon(true);
        return t;
    });
    private final CompletableFuture<URI> clusterRest = new CompletableFuture<>();
    private volatile MiniCluster cluster;
    private final Jobs jobs = new Jobs();
    volatile int httpPort;
    /** Submit local jobs directly to the MiniCluster (default) rather than through its REST API. */
    volatile boolean directSubmit = !"rest".equals(System.getenv("WEIR_ENGINE_SUBMIT"));

    Engine(int slots, Path dataDir) {
        this.slots = slots;
        this.dataDir = dataDir;
    }

    /** Highest REST API version offered: V4 on Flink 2.x, V3 on 1.20. */
    int maxApiVersion() {
        return majorVersion >= 2 ? 4 : 3;
    }

    Jobs jobs() {
        return jobs;
    }

    /** Closes sessions idle for longer than sql-gateway.session.idle-timeout (default 10 min), as the gateway does. */
    private void reapIdleSessions() {
        long now = System.currentTimeMillis();
        for (Session s : sessions.values()) {
            long timeout = idleTimeoutMs(s.config().get("sql-gateway.session.idle-timeout"));
            if (timeout > 0 && now - s.lastAccess > timeout && sessions.remove(s.handle) != null) {
                System.err.println("weir-engine: closing idle session " + s.handle);
                s.close();
            }
        }
    }

    static long idleTimeoutMs(String v) {
        if (v == null || v.isBlank()) return 10 * 60_000L;
        try {
            return org.apache.flink.util.TimeUtils.parseDuration(v.trim()).toMillis();
        } catch (RuntimeException e) {
            return 10 * 60_000L;
        }
    }

    /** Starts the MiniCluster and warms the planner up, both in the background. */
    void startBackground(boolean warmUp) {
        java.util.concurrent.ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread th = new Thread(r, "weir-session-reaper");
            th.setDaemon(true);
            return th;
        });
        reaper.scheduleWithFixedDelay(() -> {
            try {
                reapIdleSessions();
            } catch (Throwable ignored) {
                // keep reaping
            }
        }, 30, 30, TimeUnit.SECONDS);
        Thread t = new Thread(() -> {
            try {
                Map<String, String> c = new LinkedHashMap<>();
                c.put("rest.address", "127.0.0.1");
                c.put("rest.bind-address", "127.0.0.1");
                c.put("rest.bind-port", "0");
                c.put("jobmanager.bind-host", "127.0.0.1");
                c.put("taskmanager.bind-host", "127.0.0.1");
                c.put("taskmanager.host", "127.0.0.1");
                c.put("taskmanager.numberOfTaskSlots", String.valueOf(slots));
                c.put("io.tmp.dirs", dataDir.resolve("tmp").toString());
                c.put("web.submit.enable", "false");
                c.put("web.tmpdir", dataDir.resolve("tmp").toString());
                c.put("web.upload.dir", dataDir.resolve("tmp").toString());
                MiniClusterConfiguration mc = new MiniClusterConfiguration.Builder()
                        .setConfiguration(Configuration.fromMap(c))
                        .setNumTaskManagers(1)
                        .setNumSlotsPerTaskManager(slots)
                        .build();
                MiniCluster m = new MiniCluster(mc);
                m.start();
                cluster = m;
                DirectExecutorFactory.cluster = m;
                URI uri = m.getRestAddress().get();
                clusterRest.complete(uri);
                System.out.println("WEIR_ENGINE_CLUSTER rest=" + uri);
                System.out.flush();
                System.err.println("weir-engine: local cluster ready at " + uptime() + " ms");
            } catch (Throwable e) {
                clusterRest.completeExceptionally(e);
                System.err.println("weir-engine: local cluster failed to start: " + e);
            }
        }, "weir-minicluster");
        t.setDaemon(true);
        t.start();
        if (warmUp) {
            Thread w = new Thread(() -> {
                try {
                    Map<String, String> c = new LinkedHashMap<>();
                    c.put(Session.RUNTIME_MODE, "batch");
                    TableEnvironmentImpl e = TableEnvironmentImpl.create(EnvironmentSettings.newInstance().withConfiguration(Configuration.fromMap(c)).build());
                    e.explainSql("SELECT 1");
                    System.err.println("weir-engine: planner warm at " + uptime() + " ms");
                } catch (Throwable ignored) {
                    // warm-up only
                }
            }, "weir-warmup");
            w.setDaemon(true);
            w.setPriority(Thread.MIN_PRIORITY);
            w.start();
        }
    }

    static long uptime() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
    }

    /** The local cluster's REST address, waiting for its start when needed. */
    URI clusterRest() {
        try {
            return clusterRest.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new SqlGatewayException("The local Flink cluster is not available.", e);
        }
    }

    URI clusterRestIfReady() {
        return clusterRest.isDone() && !clusterRest.isCompletedExceptionally() ? clusterRest.join() : null;
    }

    /** The engine-wide configuration every session starts from (the gateway's "cluster config"). */
    Map<String, String> defaults(UUID session) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("sql-gateway.endpoint.rest.address", "127.0.0.1");
        m.put("sql-gateway.endpoint.rest.port", String.valueOf(httpPort));
        m.put("parallelism.default", "1");
        m.put("execution.checkpointing.savepoint-dir", dataDir.resolve("savepoints").toUri().toString());
        m.put("execution.checkpointing.dir", dataDir.resolve("checkpoints").toUri().toString());
        m.put("io.tmp.dirs", dataDir.resolve("tmp").toString());
        m.put("table.resources.download-dir", dataDir.resolve("tmp").resolve("sql-gateway-" + session).toString());
        return m;
    }

    /** Points a config at the local cluster unless it names a remote one. */
    void resolveTarget(Map<String, String> m) {
        String target = m.get("execution.target");
        if (target == null || target.isBlank() || target.equals("local") || target.equals(DirectExecutorFactory.NAME)) {
            URI rest = clusterRest();
            // jobs go straight to the MiniCluster; rest.* lets SHOW JOBS / STOP JOB use its REST API
            m.put("execution.target", directSubmit ? DirectExecutorFactory.NAME : "remote");
            m.put("rest.address", rest.getHost());
            m.put("rest.port", String.valueOf(rest.getPort()));
        }
    }

    Session openSession(String name, Map<String, String> properties) {
        UUID h = UUID.randomUUID();
        Session s = new Session(this, h, name, properties);
        sessions.put(h, s);
        return s;
    }

    Session session(UUID h) {
        Session s = sessions.get(h);
        if (s == null) throw new SqlGatewayException("Session '" + h + "' does not exist.");
        s.lastAccess = System.currentTimeMillis();
        return s;
    }

    void closeSession(UUID h) {
        Session s = sessions.remove(h);
        if (s == null) throw new SqlGatewayException("Session '" + h + "' does not exist.");
        s.close();
    }

    void shutdown() {
        for (UUID h : sessions.keySet()) {
            try {
                closeSession(h);
            } catch (RuntimeException ignored) {
                // shutting down
            }
        }
        MiniCluster m = cluster;
        if (m != null) {
            try {
                m.closeAsync().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the process exits anyway
            }
        }
    }
}
