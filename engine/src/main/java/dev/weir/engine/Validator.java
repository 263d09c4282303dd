package dev.weir.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.flink.table.api.internal.TableEnvironmentImpl;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.QueryOperation;
import org.apache.flink.table.operations.command.ResetOperation;
import org.apache.flink.table.operations.command.SetOperation;

/**
 * Validates a script without running it: every statement is parsed and validated by Flink's planner in a
 * scratch TableEnvironment (a copy of the session's catalog state); catalog statements are applied to the
 * scratch copy so later statements see them; queries and INSERTs are planned (EXPLAIN) but never executed.
 * Errors carry script line/column, taken from the parser's or validator's position.
 */
final class Validator {
    private static final Pattern RANGE = Pattern.compile("[Ff]rom line (\\d+), column (\\d+) to line (\\d+), column (\\d+)");
    private static final Pattern AT = Pattern.compile("at line (\\d+), column (\\d+)");

    static Map<String, Object> validate(TableEnvironmentImpl env, String script) {
        List<Object> results = new ArrayList<>();
        boolean valid = true;
        int index = 0;
        for (Scripts.Stmt st : Scripts.split(script)) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("index", index++);
            r.put("line", st.line);
            r.put("column", st.column);
            r.put("statement", st.text);
            try {
                List<Operation> ops = env.getParser().parse(st.text);
                Operation op = ops.get(0);
                r.put("kind", op.getClass().getSimpleName().replace("Operation", ""));
                if (op instanceof SetOperation) {
                    SetOperation s = (SetOperation) op;
                    if (s.getKey().isPresent()) env.getConfig().set(s.getKey().get(), s.getValue().orElse(""));
                } else if (op instanceof ResetOperation) {
                    ((ResetOperation) op).getKey().ifPresent(k -> env.getConfig().getConfiguration().removeKey(k));
                } else if (op instanceof QueryOperation || op instanceof ModifyOperation) {
                    env.explainSql(st.text);
                } else if (Session.isCatalogStatement(op)) {
                    env.executeInternal(op);
                }
                r.put("ok", true);
            } catch (Throwable t) {
                valid = false;
                r.put("ok", false);
                r.put("error", error(t, st));
            }
            results.add(r);
        }
        return Json.obj("valid", valid, "statements", results);
    }

    /** The most specific message of the cause chain and its position in the script. */
    static Map<String, Object> error(Throwable t, Scripts.Stmt st) {
        Throwable root = t;
        String top = t.getMessage();
        int[] pos = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            root = c;
            String m = c.getMessage();
            if (m == null) continue;
            Matcher mr = RANGE.matcher(m);
            Matcher ma = AT.matcher(m);
            if (mr.find()) {
                pos = new int[] {i(mr.group(1)), i(mr.group(2)), i(mr.group(3)), i(mr.group(4))};
            } else if (pos == null && ma.find()) {
                pos = new int[] {i(ma.group(1)), i(ma.group(2)), i(ma.group(1)), i(ma.group(2))};
            }
            if (c.getCause() == c) break;
        }
        Map<String, Object> e = new LinkedHashMap<>();
        String msg = root.getMessage() == null ? root.toString() : root.getMessage();
        e.put("message", firstLine(msg));
        e.put("summary", top == null ? null : firstLine(top));
        e.put("exception", root.getClass().getName());
        int l1 = pos == null ? 1 : pos[0];
        int c1 = pos == null ? 1 : pos[1];
        int l2 = pos == null ? l1 : pos[2];
        int c2 = pos == null ? c1 : pos[3];
        e.put("line", st.line + l1 - 1);
        e.put("column", l1 == 1 ? st.column + c1 - 1 : c1);
        e.put("endLine", st.line + l2 - 1);
        e.put("endColumn", l2 == 1 ? st.column + c2 - 1 : c2);
        e.put("positioned", pos != null);
        return e;
    }

    private static String firstLine(String s) {
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    private static int i(String s) {
        return Integer.parseInt(s);
    }
}
