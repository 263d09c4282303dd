package dev.weir.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import org.apache.flink.runtime.rest.handler.HandlerRequestException;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.gateway.api.utils.SqlGatewayException;

/** The SQL Gateway REST API (v1..v4) over the JDK's HTTP server, answering as the real gateway does. */
final class Api implements HttpHandler {
    private final Engine engine;
    private final Extras extras;

    Api(Engine engine) {
        this.engine = engine;
        this.extras = new Extras(engine);
    }

    @Override
    public void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getRawPath();
        int status = 200;
        Object body;
        try {
            body = route(x, x.getRequestMethod().toUpperCase(Locale.ROOT), path);
        } catch (ApiError e) {
            status = e.status;
            body = Json.obj("errors", e.errors);
        } catch (Throwable t) {
            ApiError e = ApiError.internal(t);
            status = e.status;
            body = Json.obj("errors", e.errors);
        }
        byte[] out = Json.write(body).getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        x.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
        x.sendResponseHeaders(status, out.length);
        try (OutputStream os = x.getResponseBody()) {
            os.write(out);
        }
    }

    private Object route(HttpExchange x, String method, String path) throws Exception {
        String[] p = path.replaceAll("/+$", "").split("/");
        // p[0] is "" (leading slash)
        if (p.length == 2 && p[1].equals("api_versions") && method.equals("GET")) {
            List<String> v = new ArrayList<>();
            for (int i = 1; i <= engine.maxApiVersion(); i++) v.add("V" + i);
            return Json.obj("versions", v);
        }
        if (p.length >= 2 && p[1].equals("weir")) return extras.route(method, p, body(x));
        if (p.length < 3 || !p[1].matches("v[0-9]+")) throw ApiError.notFound(path);
        int v = Integer.parseInt(p[1].substring(1));
        if (v < 1 || v > engine.maxApiVersion()) throw ApiError.notFound(path);
        String ver = p[1];
        if (p.length == 3 && p[2].equals("info") && method.equals("GET")) {
            return Json.obj("productName", "Apache Flink", "version", engine.flinkVersion);
        }
        if (!p[2].equals("sessions")) throw ApiError.notFound(path);
        if (p.length == 3 && method.equals("POST")) return openSession(body(x));
        if (p.length < 4) throw ApiError.notFound(path);
        if (p.length == 4) {
            if (method.equals("GET")) {
                UUID sh = uuid(p[3], "session_handle");
                try {
                    return Json.obj("properties", new LinkedHashMap<>(engine.session(sh).config()));
                } catch (SqlGatewayException e) {
                    throw handlerFailure("getSessionConfig", e);
                }
            }
            if (method.equals("DELETE")) {
                UUID sh = uuid(p[3], "session_handle");
                try {
                    engine.closeSession(sh);
                } catch (SqlGatewayException e) {
                    throw handlerFailure("closeSession", e);
                }
                return Json.obj("status", "CLOSED");
            }
            throw ApiError.notFound(path);
        }
        String action = p[4];
        if (p.length == 5) {
            if (action.equals("heartbeat") && method.equals("POST")) {
                UUID sh = uuid(p[3], "session_handle");
                try {
                    engine.session(sh);
                } catch (SqlGatewayException e) {
                    throw handlerFailure("getSessionConfig", e);
                }
                return Json.obj();
            }
            if (action.equals("statements") && method.equals("POST")) {
                UUID sh = uuid(p[3], "session_handle");
                return executeStatement(sh, requestBody(x, "ExecuteStatementRequestBody"));
            }
            if (action.equals("configure-session") && method.equals("POST") && v >= 2) {
                UUID sh = uuid(p[3], "session_handle");
                return configureSession(sh, requestBody(x, "ConfigureSessionRequestBody"));
            }
            if (action.equals("complete-statement") && method.equals("GET") && v >= 2) {
                UUID sh = uuid(p[3], "session_handle");
                Map<String, Object> b = requestBody(x, "CompleteStatementRequestBody");
                try {
                    String st = str(b.get("statement"));
                    int pos = b.get("position") instanceof Number ? ((Number) b.get("position")).intValue() : st.length();
                    return Json.obj("candidates", engine.session(sh).complete(st, pos));
                } catch (Exception e) {
                    throw ApiError.internal(new SqlGatewayException("Failed to get statement completion candidates.", e));
                }
            }
            if (action.equals("scripts") && method.equals("POST") && v >= 4) {
                UUID sh = uuid(p[3], "session_handle");
                requestBody(x, "DeployScriptRequestBody");
                throw ApiError.internal(new SqlGatewayException("Failed to deploy script to cluster.",
                        new UnsupportedOperationException("Application Mode not supported by the Weir local engine.")));
            }
            throw ApiError.notFound(path);
        }
        if (action.equals("materialized-tables") && p.length == 7 && p[6].equals("refresh") && method.equals("POST") && v == 3) {
            UUID sh = uuid(p[3], "session_handle");
            requestBody(x, "RefreshMaterializedTableRequestBody");
            String id = URLDecoder.decode(p[5], StandardCharsets.UTF_8);
            String[] parts = id.split("\\.");
            StringBuilder quoted = new StringBuilder();
            for (String s : parts) quoted.append(quoted.length() > 0 ? "." : "").append('`').append(s.replace("`", "``")).append('`');
            return submit(sh, "ALTER MATERIALIZED TABLE " + quoted + " REFRESH", Map.of());
        }
        if (action.equals("operations") && p.length >= 7) {
            UUID sh = uuid(p[3], "session_handle");
            UUID oh = uuid(p[5], "operation_handle");
            String what = p[6];
            if (p.length == 7 && what.equals("status") && method.equals("GET")) {
                try {
                    return Json.obj("status", op(sh, oh).status().name());
                } catch (SqlGatewayException e) {
                    throw handlerFailure("getOperationInfo", e);
                }
            }
            if (p.length == 7 && what.equals("cancel") && method.equals("POST")) {
                try {
                    op(sh, oh).cancel();
                    return Json.obj("status", "CANCELED");
                } catch (SqlGatewayException e) {
                    throw handlerFailure("cancelOperation", e);
                }
            }
            if (p.length == 7 && what.equals("close") && method.equals("DELETE")) {
                try {
                    Session s = engine.session(sh);
                    Op o = op(sh, oh);
                    o.close();
                    s.ops.remove(oh);
                    return Json.obj("status", "CLOSED");
                } catch (SqlGatewayException e) {
                    throw handlerFailure("closeOperation", e);
                }
            }
            if (p.length == 8 && what.equals("result") && method.equals("GET")) {
                long token;
                try {
                    token = Long.parseLong(p[7]);
                } catch (NumberFormatException e) {
                    throw badParam("path", "token", p[7]);
                }
                String fmt = "JSON";
                if (v >= 2) {
                    String q = query(x).get("rowFormat");
                    if (q != null) {
                        fmt = q.toUpperCase(Locale.ROOT);
                        if (!fmt.equals("JSON") && !fmt.equals("PLAIN_TEXT")) throw badParam("query", "rowFormat", q);
                    }
                }
                return fetch(ver, v, sh, oh, token, fmt);
            }
        }
        throw ApiError.notFound(path);
    }

    private Object openSession(String raw) throws ApiError {
        Map<String, Object> b = parseBody(raw, "OpenSessionRequestBody");
        Map<String, String> props = new LinkedHashMap<>();
        Object pr = b.get("properties");
        if (pr instanceof Map) for (Map.Entry<?, ?> e : ((Map<?, ?>) pr).entrySet()) props.put(String.valueOf(e.getKey()), str(e.getValue()));
        Session s = engine.openSession(b.get("sessionName") == null ? null : str(b.get("sessionName")), props);
        return Json.obj("sessionHandle", s.handle.toString());
    }

    private Object executeStatement(UUID sh, Map<String, Object> b) throws ApiError {
        try {
            if (b.get("executionTimeout") != null) throw new UnsupportedOperationException("SqlGatewayService doesn't support timeout mechanism now.");
            return submit(sh, str(b.get("statement")), stringMap(b.get("executionConfig")));
        } catch (RuntimeException e) {
            throw ApiError.internal(new SqlGatewayException("Failed to execute statement.", e));
        }
    }

    private Map<String, Object> submit(UUID sh, String statement, Map<String, String> execConfig) {
        Session s = engine.session(sh);
        Op o = new Op(UUID.randomUUID());
        o.start();
        s.ops.put(o.handle, o);
        o.task = engine.workers.submit(() -> {
            if (o.status() != Op.Status.RUNNING) return;
            try {
                o.finish(s.execute(o, statement, execConfig, false));
            } catch (Throwable t) {
                o.fail(t);
            }
        });
        return Json.obj("operationHandle", o.handle.toString());
    }

    private Object configureSession(UUID sh, Map<String, Object> b) throws ApiError {
        try {
            if (b.get("executionTimeout") != null) throw new UnsupportedOperationException("SqlGatewayService doesn't support timeout mechanism now.");
            Session s = engine.session(sh);
            Op o = new Op(UUID.randomUUID());
            o.start();
            String statement = str(b.get("statement"));
            Future<Op.Result> f = engine.workers.submit(() -> s.execute(o, statement, Map.of(), true));
            try {
                f.get().close();
            } catch (ExecutionException e) {
                throw new SqlExecutionException("Failed to execute the operation " + o.handle + ".", e.getCause());
            }
            return Json.obj();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.internal(new SqlGatewayException("Failed to configure session.", e));
        } catch (RuntimeException e) {
            throw ApiError.internal(new SqlGatewayException("Failed to configure session.", e));
        }
    }

    private Op op(UUID sh, UUID oh) {
        Op o = engine.session(sh).ops.get(oh);
        if (o == null) throw new SqlGatewayException("Can not find the submitted operation in the OperationManager with the " + oh + ".");
        return o;
    }

    private Object fetch(String ver, int v, UUID sh, UUID oh, long token, String fmt) throws ApiError {
        Op.Page page;
        try {
            page = op(sh, oh).fetch(token);
        } catch (RuntimeException e) {
            throw ApiError.internal(new SqlGatewayException(new SqlGatewayException("Failed to fetchResults.", e)));
        }
        String base = "/" + ver + "/sessions/" + sh + "/operations/" + oh + "/result/";
        String suffix = v >= 2 ? "?rowFormat=" + fmt : "";
        if (page == null) return Json.obj("resultType", "NOT_READY", "nextResultUri", base + token + suffix);
        Op.Result r = page.result;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resultType", page.eos ? "EOS" : "PAYLOAD");
        m.put("isQueryResult", r.isQuery);
        if (r.jobId != null) m.put("jobID", r.jobId);
        m.put("resultKind", r.resultKind);
        List<Object> cols = new ArrayList<>();
        for (org.apache.flink.table.catalog.Column c : r.columns) cols.add(Encoders.column(c));
        List<Object> data = new ArrayList<>(page.rows.size());
        for (RowData row : page.rows) {
            data.add(fmt.equals("PLAIN_TEXT") ? Encoders.textRow(row, r.types.size(), r.text) : Encoders.jsonRow(row, r.types));
        }
        m.put("results", Json.obj("columns", cols, "rowFormat", fmt, "data", data));
        if (!page.eos) m.put("nextResultUri", base + page.next + suffix);
        return m;
    }

    private static ApiError handlerFailure(String what, Throwable cause) {
        return ApiError.handler(500, "Failed to " + what + ".", new SqlGatewayException("Failed to " + what + ".", cause));
    }

    private static ApiError badParam(String kind, String name, String value) {
        String msg = "Cannot resolve " + kind + " parameter (" + name + ") from value \"" + value + "\".";
        return ApiError.badRequest("Bad request, could not parse parameters: " + msg, new HandlerRequestException(msg));
    }

    private static UUID uuid(String s, String name) throws ApiError {
        try {
            if (s.length() != 36) throw new IllegalArgumentException();
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw badParam("path", name, s);
        }
    }

    private static String body(HttpExchange x) throws IOException {
        try (InputStream in = x.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, Object> requestBody(HttpExchange x, String type) throws IOException, ApiError {
        return parseBody(body(x), type);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parseBody(String raw, String type) throws ApiError {
        if (raw == null || raw.isBlank()) return new LinkedHashMap<>();
        try {
            Object o = Json.parse(raw);
            if (o == null) return new LinkedHashMap<>();
            if (!(o instanceof Map)) throw new Json.ParseException("Expected a JSON object");
            return (Map<String, Object>) o;
        } catch (Json.ParseException e) {
            throw ApiError.badRequest("Request did not match expected format " + type + ".", e);
        }
    }

    private static Map<String, String> query(HttpExchange x) {
        Map<String, String> m = new LinkedHashMap<>();
        String q = x.getRequestURI().getRawQuery();
        if (q == null) return m;
        for (String kv : q.split("&")) {
            int i = kv.indexOf('=');
            if (i < 0) m.put(URLDecoder.decode(kv, StandardCharsets.UTF_8), "");
            else m.put(URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    static String str(Object o) {
        return o == null ? "" : o instanceof String ? (String) o : Json.write(o);
    }

    static Map<String, String> stringMap(Object o) {
        Map<String, String> m = new LinkedHashMap<>();
        if (o instanceof Map) for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) m.put(String.valueOf(e.getKey()), str(e.getValue()));
        return m;
    }
}
