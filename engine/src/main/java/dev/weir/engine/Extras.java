package dev.weir.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.internal.TableEnvironmentImpl;

/**
 * Weir-only endpoints under /weir/ (not part of the gateway protocol):
 * <ul>
 *   <li>GET /weir/cluster: Flink version and the local cluster's REST address (JobManager REST API).</li>
 *   <li>POST /weir/validate {"script", "sessionHandle"?, "properties"?}: validate without running.</li>
 *   <li>POST /weir/lineage {"statement", "script"?, "sessionHandle"?, "properties"?}: column origins of an INSERT.</li>
 * </ul>
 */
final class Extras {
    private final Engine engine;

    Extras(Engine engine) {
        this.engine = engine;
    }

    Object route(String method, String[] p, String body) throws Exception {
        if (p.length == 3 && p[2].equals("cluster") && method.equals("GET")) {
            java.net.URI u = engine.clusterRestIfReady();
            return Json.obj("flinkVersion", engine.flinkVersion, "restAddress", u == null ? null : u.toString());
        }
        if (p.length == 3 && p[2].equals("validate") && method.equals("POST")) {
            Map<String, Object> b = Api.parseBody(body, "ValidateRequestBody");
            return Validator.validate(env(b), Api.str(b.get("script")));
        }
        if (p.length == 3 && p[2].equals("lineage") && method.equals("POST")) {
            Map<String, Object> b = Api.parseBody(body, "LineageRequestBody");
            TableEnvironmentImpl env = env(b);
            if (b.get("script") != null) {
                Map<String, Object> v = Validator.validate(env, Api.str(b.get("script")));
                if (!Boolean.TRUE.equals(v.get("valid"))) return Json.obj("error", "the script before the statement is not valid", "validation", v);
            }
            return Lineage.of(env, Api.str(b.get("statement")));
        }
        throw ApiError.notFound("/" + String.join("/", p).replaceAll("^/", ""));
    }

    /** A scratch environment: a copy of the session's state, or a fresh one with the given properties. */
    private TableEnvironmentImpl env(Map<String, Object> b) {
        Map<String, String> props = Api.stringMap(b.get("properties"));
        Object h = b.get("sessionHandle");
        if (h != null) return engine.session(UUID.fromString(Api.str(h))).scratch(props);
        Map<String, String> conf = new LinkedHashMap<>(props);
        return TableEnvironmentImpl.create(EnvironmentSettings.newInstance().withConfiguration(Configuration.fromMap(conf)).build());
    }
}
