package dev.weir.engine;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.flink.table.api.internal.TableEnvironmentImpl;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.QueryOperation;
import org.apache.flink.table.operations.SinkModifyOperation;

/**
 * Column lineage of an INSERT (or a query): for every output column, the source table columns it comes
 * from, asked of Calcite's RelMetadataQuery.getColumnOrigins on the planner's logical plan.
 *
 * <p>The planner and Calcite live inside flink-table-planner-loader's own class loader, so they are called
 * reflectively: the engine keeps the loader on its class path (as Flink's distribution does) and the same
 * sources build against Flink 2.x and 1.20 without unpacking the planner jar.
 */
final class Lineage {
    private Lineage() {}

    static Map<String, Object> of(TableEnvironmentImpl env, String statement) throws Exception {
        List<Operation> ops = env.getParser().parse(statement);
        Operation op = ops.get(0);
        QueryOperation query;
        String sink = null;
        List<String> sinkColumns = new ArrayList<>();
        if (op instanceof SinkModifyOperation) {
            SinkModifyOperation s = (SinkModifyOperation) op;
            query = s.getChild();
            sink = s.getContextResolvedTable().getIdentifier().asSummaryString();
            for (Column c : s.getContextResolvedTable().getResolvedSchema().getColumns()) {
                if (c.isPhysical()) sinkColumns.add(c.getName());
            }
        } else if (op instanceof ModifyOperation) {
            query = ((ModifyOperation) op).getChild();
        } else if (op instanceof QueryOperation) {
            query = (QueryOperation) op;
        } else {
            throw new IllegalArgumentException("Lineage needs an INSERT or a query, not " + op.getClass().getSimpleName());
        }
        Object rel = withoutWatermarkAssigners(call(query, "getCalciteTree"));
        Object cluster = call(rel, "getCluster");
        Object mq = call(cluster, "getMetadataQuery");
        List<String> outNames = query.getResolvedSchema().getColumnNames();
        Method origins = find(mq.getClass(), "getColumnOrigins", 2);
        List<Object> columns = new ArrayList<>();
        for (int i = 0; i < outNames.size(); i++) {
            Collection<?> set = (Collection<?>) origins.invoke(mq, rel, i);
            List<Object> from = new ArrayList<>();
            if (set != null) {
                Map<String, Object> sorted = new TreeMap<>();
                for (Object o : set) {
                    Object table = call(o, "getOriginTable");
                    @SuppressWarnings("unchecked")
                    List<String> qn = (List<String>) call(table, "getQualifiedName");
                    int ord = (Integer) call(o, "getOriginColumnOrdinal");
                    Object rowType = call(table, "getRowType");
                    @SuppressWarnings("unchecked")
                    List<String> names = (List<String>) call(rowType, "getFieldNames");
                    boolean derived = (Boolean) call(o, "isDerived");
                    String t = String.join(".", qn);
                    String c = ord < names.size() ? names.get(ord) : String.valueOf(ord);
                    sorted.put(t + "." + c, Json.obj("table", t, "column", c, "derived", derived));
                }
                from.addAll(sorted.values());
            }
            Map<String, Object> col = new LinkedHashMap<>();
            col.put("name", i < sinkColumns.size() ? sinkColumns.get(i) : outNames.get(i));
            col.put("queryName", outNames.get(i));
            col.put("known", set != null);
            col.put("origins", from);
            columns.add(col);
        }
        return Json.obj("sink", sink, "columns", columns);
    }

    /**
     * The plan without Flink's LogicalWatermarkAssigner nodes. Such a node passes its input's row through
     * unchanged, but Calcite's column-origin handler does not know it and answers "unknown" for every
     * column above it, so any source with a WATERMARK made the whole statement unknown.
     */
    private static Object withoutWatermarkAssigners(Object rel) throws Exception {
        List<?> inputs = (List<?>) call(rel, "getInputs");
        if (rel.getClass().getSimpleName().contains("WatermarkAssigner") && inputs.size() == 1) {
            return withoutWatermarkAssigners(inputs.get(0));
        }
        List<Object> stripped = new ArrayList<>();
        boolean changed = false;
        for (Object in : inputs) {
            Object s = withoutWatermarkAssigners(in);
            changed |= s != in;
            stripped.add(s);
        }
        if (!changed) return rel;
        Object traits = call(rel, "getTraitSet");
        for (Class<?> k = rel.getClass(); k != null; k = k.getSuperclass()) {
            for (Method m : k.getMethods()) {
                if (m.getName().equals("copy") && m.getParameterCount() == 2
                        && m.getParameterTypes()[1] == List.class
                        && m.getParameterTypes()[0].isInstance(traits)) {
                    return m.invoke(rel, traits, stripped);
                }
            }
        }
        return rel;
    }

    private static Object call(Object target, String name) throws Exception {
        Method m = find(target.getClass(), name, 0);
        return m.invoke(target);
    }

    /** A public method by name and arity, looked up on public supertypes too (the classes may be hidden). */
    private static Method find(Class<?> c, String name, int arity) throws NoSuchMethodException {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            Method m = findIn(k, name, arity);
            if (m != null) return m;
            for (Class<?> i : k.getInterfaces()) {
                m = findIn(i, name, arity);
                if (m != null) return m;
            }
        }
        throw new NoSuchMethodException(c.getName() + "." + name);
    }

    private static Method findIn(Class<?> k, String name, int arity) {
        if (!java.lang.reflect.Modifier.isPublic(k.getModifiers())) return null;
        for (Method m : k.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == arity) {
                if (arity == 2 && m.getParameterTypes()[1] != int.class) continue;
                return m;
            }
        }
        return null;
    }
}
