package dev.weir.engine;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BinaryType;
import org.apache.flink.table.types.logical.CharType;
import org.apache.flink.table.types.logical.DayTimeIntervalType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.MultisetType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimeType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarBinaryType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.table.types.logical.YearMonthIntervalType;
import org.apache.flink.table.types.logical.ZonedTimestampType;
import org.apache.flink.table.utils.print.RowDataToStringConverter;

/**
 * The SQL Gateway's wire formats: column descriptions (Flink's LogicalType JSON, as the gateway's
 * LogicalTypeJsonSerializer writes it) and rows in rowFormat JSON (as the gateway's
 * RowDataToJsonConverters with ISO-8601 timestamps write them) or PLAIN_TEXT (the SQL client's text).
 * The gateway jar is not shipped with the Flink libraries, so the format is reproduced from transcripts.
 */
final class Encoders {
    private Encoders() {}

    static Map<String, Object> column(Column c) {
        return Json.obj(
                "name", c.getName(),
                "logicalType", logicalType(c.getDataType().getLogicalType()),
                "comment", c.getComment().orElse(null));
    }

    static Map<String, Object> logicalType(LogicalType t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", t.getTypeRoot().name());
        m.put("nullable", t.isNullable());
        switch (t.getTypeRoot()) {
            case CHAR:
                m.put("length", ((CharType) t).getLength());
                break;
            case VARCHAR:
                m.put("length", ((VarCharType) t).getLength());
                break;
            case BINARY:
                m.put("length", ((BinaryType) t).getLength());
                break;
            case VARBINARY:
                m.put("length", ((VarBinaryType) t).getLength());
                break;
            case DECIMAL:
                m.put("precision", ((DecimalType) t).getPrecision());
                m.put("scale", ((DecimalType) t).getScale());
                break;
            case TIME_WITHOUT_TIME_ZONE:
                m.put("precision", ((TimeType) t).getPrecision());
                break;
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                m.put("precision", ((TimestampType) t).getPrecision());
                break;
            case TIMESTAMP_WITH_TIME_ZONE:
                m.put("precision", ((ZonedTimestampType) t).getPrecision());
                break;
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                m.put("precision", ((LocalZonedTimestampType) t).getPrecision());
                break;
            case INTERVAL_YEAR_MONTH:
                m.put("resolution", ((YearMonthIntervalType) t).getResolution().name());
                m.put("precision", ((YearMonthIntervalType) t).getYearPrecision());
                break;
            case INTERVAL_DAY_TIME:
                m.put("resolution", ((DayTimeIntervalType) t).getResolution().name());
                m.put("precision", ((DayTimeIntervalType) t).getDayPrecision());
                m.put("fractionalPrecision", ((DayTimeIntervalType) t).getFractionalPrecision());
                break;
            case ARRAY:
                m.put("elementType", logicalType(((ArrayType) t).getElementType()));
                break;
            case MULTISET:
                m.put("elementType", logicalType(((MultisetType) t).getElementType()));
                break;
            case MAP:
                m.put("keyType", logicalType(((MapType) t).getKeyType()));
                m.put("valueType", logicalType(((MapType) t).getValueType()));
                break;
            case ROW: {
                List<Object> fields = new ArrayList<>();
                for (RowType.RowField f : ((RowType) t).getFields()) {
                    Map<String, Object> fm = new LinkedHashMap<>();
                    fm.put("name", f.getName());
                    fm.put("fieldType", logicalType(f.getType()));
                    f.getDescription().ifPresent(d -> fm.put("description", d));
                    fields.add(fm);
                }
                m.put("fields", fields);
                break;
            }
            default:
                break;
        }
        return m;
    }

    /** One row as {"kind": ..., "fields": [...]} in rowFormat JSON. */
    static Map<String, Object> jsonRow(RowData row, List<LogicalType> types) {
        List<Object> fields = new ArrayList<>(types.size());
        for (int i = 0; i < types.size(); i++) fields.add(row.isNullAt(i) ? null : value(RowData.createFieldGetter(types.get(i), i).getFieldOrNull(row), types.get(i)));
        return Json.obj("kind", row.getRowKind().name(), "fields", fields);
    }

    /** One row in rowFormat PLAIN_TEXT; a top-level NULL stays JSON null (nested ones are text). */
    static Map<String, Object> textRow(RowData row, int arity, RowDataToStringConverter conv) {
        String[] s = conv.convert(row);
        List<Object> fields = new ArrayList<>(arity);
        for (int i = 0; i < arity; i++) fields.add(row.isNullAt(i) ? null : s[i]);
        return Json.obj("kind", row.getRowKind().name(), "fields", fields);
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** Converts one internal value to its JSON form. */
    static Object value(Object v, LogicalType t) {
        if (v == null) return null;
        switch (t.getTypeRoot()) {
            case CHAR:
            case VARCHAR:
                return v.toString();
            case BOOLEAN:
            case TINYINT:
            case SMALLINT:
            case INTEGER:
            case BIGINT:
            case FLOAT:
            case DOUBLE:
                return v;
            case DECIMAL:
                return ((org.apache.flink.table.data.DecimalData) v).toBigDecimal();
            case BINARY:
            case VARBINARY:
                return v; // byte[] -> base64
            case DATE:
                return LocalDate.ofEpochDay((Integer) v).toString();
            case TIME_WITHOUT_TIME_ZONE:
                return TIME.format(LocalTime.ofSecondOfDay(((Integer) v) / 1000L));
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(((org.apache.flink.table.data.TimestampData) v).toLocalDateTime());
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                        ((org.apache.flink.table.data.TimestampData) v).toInstant().atOffset(ZoneOffset.UTC).toLocalDateTime()) + "Z";
            case INTERVAL_YEAR_MONTH:
            case INTERVAL_DAY_TIME:
                return v;
            case ARRAY: {
                LogicalType et = ((ArrayType) t).getElementType();
                ArrayData a = (ArrayData) v;
                ArrayData.ElementGetter g = ArrayData.createElementGetter(et);
                List<Object> out = new ArrayList<>(a.size());
                for (int i = 0; i < a.size(); i++) out.add(value(g.getElementOrNull(a, i), et));
                return out;
            }
            case MAP:
            case MULTISET: {
                LogicalType kt;
                LogicalType vt;
                if (t instanceof MapType) {
                    kt = ((MapType) t).getKeyType();
                    vt = ((MapType) t).getValueType();
                } else {
                    kt = ((MultisetType) t).getElementType();
                    vt = new org.apache.flink.table.types.logical.IntType(false);
                }
                MapData md = (MapData) v;
                ArrayData ks = md.keyArray();
                ArrayData vs = md.valueArray();
                ArrayData.ElementGetter kg = ArrayData.createElementGetter(kt);
                ArrayData.ElementGetter vg = ArrayData.createElementGetter(vt);
                Map<String, Object> out = new LinkedHashMap<>();
                for (int i = 0; i < md.size(); i++) {
                    Object k = value(kg.getElementOrNull(ks, i), kt);
                    out.put(k == null ? "null" : (k instanceof String ? (String) k : Json.write(k)), value(vg.getElementOrNull(vs, i), vt));
                }
                return out;
            }
            case ROW: {
                RowType rt = (RowType) t;
                RowData r = (RowData) v;
                Map<String, Object> out = new LinkedHashMap<>();
                for (int i = 0; i < rt.getFieldCount(); i++) {
                    LogicalType ft = rt.getTypeAt(i);
                    out.put(rt.getFieldNames().get(i), r.isNullAt(i) ? null : value(RowData.createFieldGetter(ft, i).getFieldOrNull(r), ft));
                }
                return out;
            }
            default:
                return v.toString();
        }
    }
}
