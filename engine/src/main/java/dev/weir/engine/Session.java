package dev.weir.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.internal.TableEnvironmentImpl;
import org.apache.flink.table.api.internal.TableResultInternal;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.QueryOperation;
import org.apache.flink.table.operations.command.ResetOperation;
import org.apache.flink.table.operations.command.SetOperation;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;

/**
 * A gateway session: its configuration (engine defaults + session properties + SET), its catalog state
 * (a TableEnvironment), and its operations. Statements of one session run one at a time.
 *
 * <p>A TableEnvironment's planner is fixed to batch or streaming when it is created. When the runtime mode
 * changes (SET, RESET, or a statement's executionConfig), a fresh TableEnvironment is built and the
 * session's catalog statements (CREATE/DROP/ALTER/USE/LOAD ...) are replayed into it.
 */
final class Session {
    static final String RUNTIME_MODE = "execution.runtime-mode";

    final UUID handle;
    final String name;
    private final Engine engine;
    private final Map<String, String> original;
    private final Map<String, String> props;
    private final List<String> replay = new ArrayList<>();
    private final Object lock = new Object();
    /** The one thread that builds and plans with this session's TableEnvironments (see execute). */
    private final java.util.concurrent.ExecutorService thread;
    private TableEnvironmentImpl env;
    private boolean envStreaming;
    final Map<UUID, Op> ops = new ConcurrentHashMap<>();
    volatile long lastAccess = System.currentTimeMillis();

    Session(Engine engine, UUID handle, String name, Map<String, String> properties) {
        this.engine = engine;
        this.handle = handle;
        this.name = name;
        this.original = new LinkedHashMap<>(properties);
        this.props = new LinkedHashMap<>(properties);
        this.thread = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "weir-session-" + handle);
            t.setDaemon(true);
            return t;
        });
    }

    /** The full effective configuration as strings, as GET /sessions/:h answers it. */
    Map<String, String> config() {
        synchronized (lock) {
            return new TreeMap<>(effective(Collections.emptyMap()).toMap());
        }
    }

    private Configuration effective(Map<String, String> overrides) {
        Map<String, String> m = new LinkedHashMap<>(engine.defaults(handle));
        m.putAll(props);
        m.putAll(overrides);
        engine.resolveTarget(m);
        return Configuration.fromMap(m);
    }

    private static boolean streaming(Map<String, String> conf) {
        return !"batch".equalsIgnoreCase(conf.getOrDefault(RUNTIME_MODE, "streaming").trim());
    }

    private TableEnvironmentImpl newEnv(Map<String, String> conf) {
        Configuration c = Configuration.fromMap(conf);
        EnvironmentSettings s = EnvironmentSettings.newInstance().withConfiguration(c).build();
        TableEnvironmentImpl e = TableEnvironmentImpl.create(s);
        for (String stmt : replay) {
            try {
                e.executeSql(stmt);
            } catch (RuntimeException ex) {
                // an object dropped later, or a statement that no longer applies: skip it
            }
        }
        return e;
    }

    /** The session's TableEnvironment for a statement with these per-statement overrides. */
    private TableEnvironmentImpl envFor(Map<String, String> conf) {
        boolean wantStreaming = streaming(conf);
        if (env == null || envStreaming != wantStreaming) {
            env = newEnv(conf);
            envStreaming = wantStreaming;
        }
        return env;
    }

    /** What planning a statement produced: a result made by the engine, or Flink's table result. */
    private static final class Planned {
        Op.Result early;
        Operation operation;
        TableResultInternal result;
        boolean dmlSync;
    }

    /**
     * Runs one statement to its result (called on a worker thread; statements of a session are serial).
     * The parsing and planning run on the session's own thread: Calcite keeps planner state per thread
     * (RelMetadataQuery's handler providers), so a TableEnvironment planned on another thread than the one
     * that built it fails with "metadataHandlerProvider". The real gateway builds one per statement instead.
     */
    Op.Result execute(Op op, String statement, Map<String, String> executionConfig, boolean configureOnly) throws Exception {
        Planned p = onSessionThread(() -> plan(statement, executionConfig, configureOnly));
        if (p.early != null) return p.early;
        return toResult(op, p.operation, p.result, p.dmlSync);
    }

    /** Runs `work` on the session's thread and hands back its result or its exception. */
    private <T> T onSessionThread(java.util.concurrent.Callable<T> work) throws Exception {
        try {
            return thread.submit(work).get();
        } catch (java.util.concurrent.ExecutionException ex) {
            Throwable c = ex.getCause();
            if (c instanceof Exception) throw (Exception) c;
            if (c instanceof Error) throw (Error) c;
            throw ex;
        }
    }

    private Planned plan(String statement, Map<String, String> executionConfig, boolean configureOnly) throws Exception {
        Planned p = new Planned();
        TableEnvironmentImpl e;
        Map<String, String> restore = new LinkedHashMap<>();
        List<String> removeAfter = new ArrayList<>();
        synchronized (lock) {
            lastAccess = System.currentTimeMillis();
            Map<String, String> conf = effective(executionConfig).toMap();
            e = envFor(conf);
            Configuration ec = e.getConfig().getConfiguration();
            Map<String, String> before = ec.toMap();
            for (Map.Entry<String, String> kv : conf.entrySet()) {
                String old = before.get(kv.getKey());
                if (kv.getValue().equals(old)) continue;
                if (old == null) removeAfter.add(kv.getKey());
                else restore.put(kv.getKey(), old);
                e.getConfig().set(kv.getKey(), kv.getValue());
            }
            p.dmlSync = "true".equalsIgnoreCase(conf.getOrDefault("table.dml-sync", "false"));
            try {
                List<Operation> parsed = e.getParser().parse(statement);
                if (parsed.size() != 1) throw new SqlExecutionException("Only single statement is supported now.");
                Operation operation = parsed.get(0);
                p.operation = operation;
                if (configureOnly && !configurable(operation)) {
                    throw new UnsupportedOperationException("Unsupported statement for configuring session:" + statement + "\n"
                            + "The configureSession API only supports to execute statement of type CREATE TABLE, DROP TABLE, ALTER TABLE, "
                            + "CREATE DATABASE, DROP DATABASE, ALTER DATABASE, CREATE FUNCTION, DROP FUNCTION, ALTER FUNCTION, "
                            + "CREATE CATALOG, DROP CATALOG, USE CATALOG, USE [CATALOG.]DATABASE, CREATE VIEW, DROP VIEW, "
                            + "LOAD MODULE, UNLOAD MODULE, USE MODULE, ADD JAR.");
                }
                if (operation instanceof SetOperation) {
                    p.early = set((SetOperation) operation, e);
                    return p;
                }
                if (operation instanceof ResetOperation) {
                    p.early = reset((ResetOperation) operation, e);
                    return p;
                }
                String kind = operation.getClass().getSimpleName();
                if (kind.equals("ShowJobsOperation")) {
                    p.early = showJobs(conf);
                    return p;
                }
                if (kind.equals("StopJobOperation")) {
                    p.early = engine.jobs().stopJob(operation, conf);
                    return p;
                }
                if (kind.startsWith("AlterMaterializedTable") && kind.contains("Refresh")) refreshMaterializedTable(e, operation);
                if (operation instanceof ModifyOperation && p.dmlSync) {
                    if (!restore.containsKey("table.dml-sync") && !removeAfter.contains("table.dml-sync")) restore.put("table.dml-sync", "true");
                    e.getConfig().set("table.dml-sync", "false");
                }
                p.result = e.executeInternal(operation);
                if (isCatalogStatement(operation)) replay.add(statement);
                return p;
            } finally {
                Configuration cfg = e.getConfig().getConfiguration();
                for (String k : removeAfter) cfg.removeKey(k);
                for (Map.Entry<String, String> kv : restore.entrySet()) e.getConfig().set(kv.getKey(), kv.getValue());
            }
        }
    }

    private Op.Result toResult(Op op, Operation operation, TableResultInternal r, boolean dmlSync) throws Exception {
        Optional<JobClient> jc = r.getJobClient();
        String jobId = jc.map(j -> j.getJobID().toString()).orElse(null);
        if (operation instanceof ModifyOperation || (jc.isPresent() && !(operation instanceof QueryOperation))) {
            if (jc.isPresent() && dmlSync) {
                op.syncJob = jc.get();
                jc.get().getJobExecutionResult().get();
            }
            if (jobId == null) return fromTable(r, false);
            return synthetic(List.of(Column.physical("job id", DataTypes.STRING())), List.of(Row.of(jobId)), ResultKind.SUCCESS_WITH_CONTENT, jobId);
        }
        return new Op.Result(r.getResolvedSchema().getColumns(), r.getResultKind().name(), operation instanceof QueryOperation, jobId,
                r.getRowDataToStringConverter(), r.collectInternal());
    }

    private static Op.Result fromTable(TableResultInternal r, boolean isQuery) {
        return new Op.Result(r.getResolvedSchema().getColumns(), r.getResultKind().name(), isQuery,
                r.getJobClient().map(j -> j.getJobID().toString()).orElse(null), r.getRowDataToStringConverter(), r.collectInternal());
    }

    /** A result the engine makes itself (SET listing, job id, SHOW JOBS); values are Java values of the columns' types. */
    static Op.Result synthetic(List<Column> columns, List<Row> rows, ResultKind kind, String jobId) {
        List<DataType> types = new ArrayList<>();
        for (Column c : columns) types.add(c.getDataType());
        List<RowData> data = new ArrayList<>();
        for (Row r : rows) {
            GenericRowData g = new GenericRowData(r.getArity());
            for (int i = 0; i < r.getArity(); i++) {
                Object v = r.getField(i);
                if (v instanceof String) v = StringData.fromString((String) v);
                else if (v instanceof Instant) v = TimestampData.fromInstant((Instant) v);
                g.setField(i, v);
            }
            data.add(g);
        }
        return new Op.Result(columns, kind.name(), false, jobId, rowData -> text(rowData, types), CloseableIterator.adapterForIterator(data.iterator()));
    }

    private static String[] text(RowData row, List<DataType> types) {
        String[] out = new String[types.size()];
        for (int i = 0; i < out.length; i++) {
            if (row.isNullAt(i)) {
                out[i] = "NULL";
                continue;
            }
            Object v = Encoders.value(RowData.createFieldGetter(types.get(i).getLogicalType(), i).getFieldOrNull(row), types.get(i).getLogicalType());
            out[i] = v instanceof String ? ((String) v).replace('T', ' ').replace("Z", "") : String.valueOf(v);
        }
        return out;
    }

    private static final Op.Result ok() {
        return synthetic(List.of(Column.physical("result", DataTypes.STRING())), List.of(Row.of("OK")), ResultKind.SUCCESS, null);
    }

    private Op.Result set(SetOperation s, TableEnvironmentImpl e) {
        if (s.getKey().isPresent()) {
            String k = s.getKey().get().trim();
            String v = s.getValue().orElse("").trim();
            props.put(k, v);
            if (k.equals(RUNTIME_MODE)) env = null;
            else e.getConfig().set(k, v);
            return ok();
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, String> kv : new TreeMap<>(effective(Collections.emptyMap()).toMap()).entrySet()) rows.add(Row.of(kv.getKey(), kv.getValue()));
        return synthetic(List.of(Column.physical("key", DataTypes.STRING()), Column.physical("value", DataTypes.STRING())), rows,
                ResultKind.SUCCESS_WITH_CONTENT, null);
    }

    private Op.Result reset(ResetOperation r, TableEnvironmentImpl e) {
        if (r.getKey().isPresent()) {
            String k = r.getKey().get().trim();
            if (original.containsKey(k)) props.put(k, original.get(k));
            else props.remove(k);
            if (k.equals(RUNTIME_MODE)) env = null;
            else if (props.containsKey(k)) e.getConfig().set(k, props.get(k));
            else e.getConfig().getConfiguration().removeKey(k);
        } else {
            props.clear();
            props.putAll(original);
            env = null;
        }
        return ok();
    }

    private Op.Result showJobs(Map<String, String> conf) throws Exception {
        List<Row> rows = new ArrayList<>();
        for (org.apache.flink.runtime.client.JobStatusMessage j : engine.jobs().list(conf)) {
            rows.add(Row.of(j.getJobId().toString(), j.getJobName(), j.getJobState().name(), Instant.ofEpochMilli(j.getStartTime())));
        }
        return synthetic(List.of(Column.physical("job id", DataTypes.STRING()), Column.physical("job name", DataTypes.STRING()),
                Column.physical("status", DataTypes.STRING()), Column.physical("start time", DataTypes.TIMESTAMP_LTZ(6))), rows,
                ResultKind.SUCCESS_WITH_CONTENT, null);
    }

    /** The gateway refreshes materialized tables itself (with a workflow scheduler); the engine only checks the name. */
    private static void refreshMaterializedTable(TableEnvironmentImpl e, Operation operation) throws Exception {
        org.apache.flink.table.catalog.ObjectIdentifier id =
                (org.apache.flink.table.catalog.ObjectIdentifier) operation.getClass().getMethod("getTableIdentifier").invoke(operation);
        if (e.getCatalogManager().getTable(id).isEmpty()) {
            throw new org.apache.flink.table.api.ValidationException(String.format(
                    "Cannot find table '%s' in any of the catalogs %s, nor as a temporary table.", id, e.getCatalogManager().listCatalogs()));
        }
        throw new UnsupportedOperationException("Refreshing a materialized table is not supported by the Weir local engine.");
    }

    static boolean isCatalogStatement(Operation o) {
        String n = o.getClass().getSimpleName();
        if (n.contains("TableAS") || n.contains("AsSelect")) return false;
        return n.startsWith("Create") || n.startsWith("Drop") || n.startsWith("Alter") || n.startsWith("Use")
                || n.startsWith("LoadModule") || n.startsWith("UnloadModule") || n.startsWith("AddJar");
    }

    private static boolean configurable(Operation o) {
        if (o instanceof SetOperation || o instanceof ResetOperation) return true;
        String n = o.getClass().getSimpleName();
        if (n.contains("Materialized") || n.contains("TableAS")) return false;
        return isCatalogStatement(o);
    }

    /** A throw-away TableEnvironment with the session's configuration and catalog state (for validation, lineage). */
    TableEnvironmentImpl scratch(Map<String, String> overrides) {
        synchronized (lock) {
            return newEnv(effective(overrides).toMap());
        }
    }

    /** Completion hints for a statement prefix (keywords and, where the planner offers them, names). */
    List<String> complete(String statement, int position) throws Exception {
        return onSessionThread(() -> {
            synchronized (lock) {
                TableEnvironmentImpl e = envFor(effective(Collections.emptyMap()).toMap());
                String[] hints = e.getParser().getCompletionHints(statement, position);
                List<String> out = new ArrayList<>();
                Collections.addAll(out, hints);
                return out;
            }
        });
    }

    Collection<Op> operations() {
        return ops.values();
    }

    void close() {
        for (Op o : ops.values()) o.close();
        ops.clear();
        synchronized (lock) {
            env = null;
        }
        thread.shutdown();
    }

    static JobID jobId(String s) {
        return JobID.fromHexString(s);
    }
}
