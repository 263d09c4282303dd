package dev.weir.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * Weir's local Flink engine: the SQL Gateway REST protocol over Flink's Table API and a local MiniCluster.
 *
 * <pre>
 * java -cp FLINK_LIB/*:weir-engine.jar dev.weir.engine.Main [--port 0] [--parent-pid PID] [--watch-stdin]
 *      [--slots 4] [--data-dir DIR] [--no-warmup] [--self-test]
 * </pre>
 * The first stdout line is {@code WEIR_ENGINE_LISTENING port=N}. The engine binds 127.0.0.1 only and exits
 * when its parent process dies (or, with --watch-stdin, when its stdin reaches EOF).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (System.getProperty("log4j2.configurationFile") == null && System.getProperty("log4j.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "weir-engine-log4j2.properties");
        }
        int port = 0;
        long parentPid = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
        boolean watchStdin = false;
        boolean warmUp = true;
        boolean selfTest = false;
        int slots = 4;
        Path dataDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port": port = Integer.parseInt(args[++i]); break;
                case "--parent-pid": parentPid = Long.parseLong(args[++i]); break;
                case "--watch-stdin": watchStdin = true; break;
                case "--no-warmup": warmUp = false; break;
                case "--self-test": selfTest = true; break;
                case "--slots": slots = Integer.parseInt(args[++i]); break;
                case "--data-dir": dataDir = Paths.get(args[++i]); break;
                default:
                    System.err.println("weir-engine: unknown argument " + args[i]);
                    System.exit(2);
            }
        }
        boolean tempData = dataDir == null;
        if (tempData) dataDir = Files.createTempDirectory("weir-engine-");
        Files.createDirectories(dataDir.resolve("tmp"));

        Engine engine = new Engine(slots, dataDir.toAbsolutePath());
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.createContext("/", new Api(engine));
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "weir-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        engine.httpPort = server.getAddress().getPort();
        System.out.println("WEIR_ENGINE_LISTENING port=" + engine.httpPort);
        System.out.flush();

        final Path dataToDelete = tempData ? dataDir : null;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            engine.shutdown();
            if (dataToDelete != null) deleteTree(dataToDelete);
        }, "weir-shutdown"));
        engine.startBackground(warmUp);
        watchParent(parentPid);
        if (watchStdin) watchStdin();
        if (selfTest) selfTest(engine.httpPort, engine.maxApiVersion());
    }

    /** Runs SELECT 1 through the engine's own HTTP API and exits (smoke test; CDS training run). */
    private static void selfTest(int port, int v) {
        int code = 1;
        try {
            java.net.http.HttpClient c = java.net.http.HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port + "/v" + v;
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> s = (java.util.Map<String, Object>) Json.parse(post(c, base + "/sessions", "{\"properties\":{\"execution.runtime-mode\":\"batch\"}}"));
            String sh = (String) s.get("sessionHandle");
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> o = (java.util.Map<String, Object>) Json.parse(post(c, base + "/sessions/" + sh + "/statements", "{\"statement\":\"SELECT 1 AS x\"}"));
            String uri = "/sessions/" + sh + "/operations/" + o.get("operationHandle") + "/result/0";
            java.util.List<Object> rows = new java.util.ArrayList<>();
            long end = System.currentTimeMillis() + 180_000;
            while (uri != null && System.currentTimeMillis() < end) {
                String body = c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(uri.startsWith("/v") ? "http://127.0.0.1:" + port + uri : base + uri)).GET().build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                @SuppressWarnings("unchecked")
                java.util.Map<String, Object> page = (java.util.Map<String, Object>) Json.parse(body);
                if (page.containsKey("errors")) throw new IllegalStateException(body);
                if (page.get("results") instanceof java.util.Map) rows.addAll((java.util.List<?>) ((java.util.Map<?, ?>) page.get("results")).get("data"));
                uri = (String) page.get("nextResultUri");
                if (uri != null) Thread.sleep(20);
            }
            System.err.println("weir-engine: self-test rows=" + Json.write(rows));
            code = rows.size() == 1 ? 0 : 1;
        } catch (Exception e) {
            System.err.println("weir-engine: self-test failed: " + e);
        }
        exitCode = code;
        stop("self-test finished");
    }

    private static String post(java.net.http.HttpClient c, String url, String json) throws Exception {
        return c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Exits when the process that started the engine is gone (no orphaned JVMs). */
    private static void watchParent(long pid) {
        if (pid <= 1) return;
        Optional<ProcessHandle> parent = ProcessHandle.of(pid);
        if (parent.isEmpty()) {
            System.exit(3);
        }
        parent.get().onExit().thenRun(() -> stop("parent process " + pid + " exited"));
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                if (!parent.get().isAlive()) stop("parent process " + pid + " is gone");
            }
        }, "weir-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    /** Exits through the shutdown hooks (cluster, temp files), but never later than 5 s from now. */
    private static boolean stopping;
    private static volatile int exitCode;

    private static synchronized void stop(String why) {
        if (stopping) return;
        stopping = true;
        System.err.println("weir-engine: " + why + "; stopping");
        Thread killer = new Thread(() -> {
            try {
                Thread.sleep(5000);
            } catch (InterruptedException ignored) {
                // fall through
            }
            Runtime.getRuntime().halt(exitCode);
        }, "weir-halt");
        killer.setDaemon(true);
        killer.start();
        new Thread(() -> System.exit(exitCode), "weir-exit").start();
    }

    private static void deleteTree(Path p) {
        try (java.util.stream.Stream<Path> s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static void watchStdin() {
        Thread t = new Thread(() -> {
            try (InputStream in = System.in) {
                byte[] buf = new byte[256];
                while (in.read(buf) >= 0) {
                    // a launcher may write anything; only EOF matters
                }
            } catch (IOException ignored) {
                // treat like EOF
            }
            stop("stdin closed");
        }, "weir-stdin-watch");
        t.setDaemon(true);
        t.start();
    }
}
