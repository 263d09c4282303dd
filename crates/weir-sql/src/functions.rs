//! Flink's built-in SQL functions: name, signature and a one-line description, for completion
//! and hover help. Follows the "System (Built-in) Functions" page of the Flink documentation.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The group a built-in function belongs to, as the Flink documentation sorts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum FunctionCategory {
    Comparison,
    Logical,
    Arithmetic,
    String,
    Temporal,
    Conditional,
    Conversion,
    Collection,
    Json,
    Value,
    Hash,
    Aggregate,
    Window,
    Other,
}

/// One built-in function as completion and hover show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FunctionDoc {
    /// Upper-case name, as typed.
    pub name: String,
    /// Call shape, e.g. `SUBSTRING(string FROM start [FOR length])`.
    pub signature: String,
    /// What it returns, in one line.
    pub doc: String,
    pub category: FunctionCategory,
}

use FunctionCategory as C;

/// (name, signature, doc, category) of every built-in function.
#[rustfmt::skip]
pub(crate) const FUNCTIONS: &[(&str, &str, &str, FunctionCategory)] = &[
    // Comparison and logical
    ("COALESCE", "COALESCE(value1, value2 [, value3]*)", "The first argument that is not NULL, or NULL when all are.", C::Comparison),
    ("NULLIF", "NULLIF(value1, value2)", "NULL when value1 equals value2, else value1.", C::Comparison),
    ("IFNULL", "IFNULL(input, null_replacement)", "null_replacement when input is NULL, else input.", C::Comparison),
    ("IF", "IF(condition, true_value, false_value)", "true_value when condition holds, else false_value.", C::Conditional),
    ("GREATEST", "GREATEST(value1 [, value2]*)", "The greatest of the arguments (NULL if any is NULL).", C::Comparison),
    ("LEAST", "LEAST(value1 [, value2]*)", "The least of the arguments (NULL if any is NULL).", C::Comparison),
    ("IS_ALPHA", "IS_ALPHA(string)", "TRUE when every character of string is a letter.", C::Logical),
    ("IS_DECIMAL", "IS_DECIMAL(string)", "TRUE when string parses as a decimal number.", C::Logical),
    ("IS_DIGIT", "IS_DIGIT(string)", "TRUE when every character of string is a digit.", C::Logical),
    // Arithmetic
    ("ABS", "ABS(numeric)", "Absolute value of numeric.", C::Arithmetic),
    ("MOD", "MOD(numeric1, numeric2)", "Remainder of numeric1 divided by numeric2.", C::Arithmetic),
    ("POWER", "POWER(numeric1, numeric2)", "numeric1 raised to the power numeric2.", C::Arithmetic),
    ("SQRT", "SQRT(numeric)", "Square root of numeric.", C::Arithmetic),
    ("LN", "LN(numeric)", "Natural logarithm of numeric.", C::Arithmetic),
    ("LOG10", "LOG10(numeric)", "Base-10 logarithm of numeric.", C::Arithmetic),
    ("LOG2", "LOG2(numeric)", "Base-2 logarithm of numeric.", C::Arithmetic),
    ("LOG", "LOG([base,] numeric)", "Logarithm of numeric (natural, or to base).", C::Arithmetic),
    ("EXP", "EXP(numeric)", "e raised to the power numeric.", C::Arithmetic),
    ("CEIL", "CEIL(numeric | temporal TO unit)", "Rounds up a number, or a time point to a unit.", C::Arithmetic),
    ("CEILING", "CEILING(numeric)", "Rounds numeric up to the nearest integer.", C::Arithmetic),
    ("FLOOR", "FLOOR(numeric | temporal TO unit)", "Rounds down a number, or a time point to a unit.", C::Arithmetic),
    ("SIN", "SIN(numeric)", "Sine of numeric (radians).", C::Arithmetic),
    ("SINH", "SINH(numeric)", "Hyperbolic sine of numeric.", C::Arithmetic),
    ("COS", "COS(numeric)", "Cosine of numeric (radians).", C::Arithmetic),
    ("COSH", "COSH(numeric)", "Hyperbolic cosine of numeric.", C::Arithmetic),
    ("TAN", "TAN(numeric)", "Tangent of numeric (radians).", C::Arithmetic),
    ("TANH", "TANH(numeric)", "Hyperbolic tangent of numeric.", C::Arithmetic),
    ("COT", "COT(numeric)", "Cotangent of numeric (radians).", C::Arithmetic),
    ("ASIN", "ASIN(numeric)", "Arc sine of numeric.", C::Arithmetic),
    ("ACOS", "ACOS(numeric)", "Arc cosine of numeric.", C::Arithmetic),
    ("ATAN", "ATAN(numeric)", "Arc tangent of numeric.", C::Arithmetic),
    ("ATAN2", "ATAN2(numeric1, numeric2)", "Arc tangent of the point (numeric1, numeric2).", C::Arithmetic),
    ("DEGREES", "DEGREES(numeric)", "Converts radians to degrees.", C::Arithmetic),
    ("RADIANS", "RADIANS(numeric)", "Converts degrees to radians.", C::Arithmetic),
    ("SIGN", "SIGN(numeric)", "-1, 0 or 1 by the sign of numeric.", C::Arithmetic),
    ("ROUND", "ROUND(numeric, integer)", "numeric rounded to integer decimal places.", C::Arithmetic),
    ("TRUNCATE", "TRUNCATE(numeric [, integer])", "numeric truncated to integer decimal places.", C::Arithmetic),
    ("PI", "PI()", "The value of pi.", C::Arithmetic),
    ("E", "E()", "The value of e.", C::Arithmetic),
    ("RAND", "RAND([seed])", "A pseudorandom double in [0, 1).", C::Arithmetic),
    ("RAND_INTEGER", "RAND_INTEGER([seed,] bound)", "A pseudorandom integer in [0, bound).", C::Arithmetic),
    ("UUID", "UUID()", "A random UUID (type 4) as a string.", C::Arithmetic),
    ("BIN", "BIN(integer)", "Binary string representation of integer.", C::Arithmetic),
    ("HEX", "HEX(numeric | string)", "Hexadecimal string of a number or of a string's bytes.", C::Arithmetic),
    ("UNHEX", "UNHEX(expr)", "Bytes of a hexadecimal string.", C::Arithmetic),
    ("PERCENTILE", "PERCENTILE(expr, percentage [, frequency])", "Exact percentile of expr (aggregate).", C::Aggregate),
    // String
    ("CHAR_LENGTH", "CHAR_LENGTH(string)", "Number of characters in string.", C::String),
    ("CHARACTER_LENGTH", "CHARACTER_LENGTH(string)", "Number of characters in string.", C::String),
    ("UPPER", "UPPER(string)", "string in upper case.", C::String),
    ("LOWER", "LOWER(string)", "string in lower case.", C::String),
    ("POSITION", "POSITION(string1 IN string2)", "1-based position of string1 in string2 (0 if absent).", C::String),
    ("TRIM", "TRIM([BOTH | LEADING | TRAILING] string1 FROM string2)", "string2 with string1 removed from its ends.", C::String),
    ("LTRIM", "LTRIM(str [, trimStr])", "str without leading spaces (or characters of trimStr).", C::String),
    ("RTRIM", "RTRIM(str [, trimStr])", "str without trailing spaces (or characters of trimStr).", C::String),
    ("BTRIM", "BTRIM(str [, trimStr])", "str without leading and trailing characters of trimStr.", C::String),
    ("REPEAT", "REPEAT(string, int)", "string repeated int times.", C::String),
    ("REGEXP_REPLACE", "REGEXP_REPLACE(string1, string2, string3)", "string1 with matches of regex string2 replaced by string3.", C::String),
    ("OVERLAY", "OVERLAY(string1 PLACING string2 FROM integer1 [FOR integer2])", "string1 with integer2 characters from integer1 replaced by string2.", C::String),
    ("SUBSTRING", "SUBSTRING(string FROM integer1 [FOR integer2])", "Substring of string from position integer1 of length integer2.", C::String),
    ("SUBSTR", "SUBSTR(string, integer1 [, integer2])", "Substring of string from position integer1 of length integer2.", C::String),
    ("REPLACE", "REPLACE(string1, string2, string3)", "string1 with every string2 replaced by string3.", C::String),
    ("REGEXP_EXTRACT", "REGEXP_EXTRACT(string1, string2 [, integer])", "Group integer of the first match of regex string2 in string1.", C::String),
    ("REGEXP_EXTRACT_ALL", "REGEXP_EXTRACT_ALL(str, regex [, extractIndex])", "Array of group extractIndex of every regex match in str.", C::String),
    ("REGEXP_COUNT", "REGEXP_COUNT(str, regex)", "Number of times regex matches str.", C::String),
    ("REGEXP_INSTR", "REGEXP_INSTR(str, regex)", "1-based position of the first regex match in str.", C::String),
    ("REGEXP_SUBSTR", "REGEXP_SUBSTR(str, regex)", "The first substring of str matching regex.", C::String),
    ("REGEXP", "REGEXP(string1, string2)", "TRUE when any substring of string1 matches regex string2.", C::String),
    ("INITCAP", "INITCAP(string)", "string with each word's first letter upper case, the rest lower case.", C::String),
    ("CONCAT", "CONCAT(string1, string2, ...)", "The strings concatenated (NULL if any is NULL).", C::String),
    ("CONCAT_WS", "CONCAT_WS(string1, string2, string3, ...)", "string2, string3… joined with separator string1.", C::String),
    ("LPAD", "LPAD(string1, integer, string2)", "string1 left-padded with string2 to integer characters.", C::String),
    ("RPAD", "RPAD(string1, integer, string2)", "string1 right-padded with string2 to integer characters.", C::String),
    ("FROM_BASE64", "FROM_BASE64(string)", "The base64-decoded string.", C::String),
    ("TO_BASE64", "TO_BASE64(string)", "The base64-encoded string.", C::String),
    ("ASCII", "ASCII(string)", "Numeric value of the first character of string.", C::String),
    ("CHR", "CHR(integer)", "The ASCII character of code integer.", C::String),
    ("DECODE", "DECODE(binary, string)", "binary decoded with charset string.", C::String),
    ("ENCODE", "ENCODE(string1, string2)", "string1 encoded with charset string2.", C::String),
    ("INSTR", "INSTR(string1, string2)", "Position of the first occurrence of string2 in string1.", C::String),
    ("LEFT", "LEFT(string, integer)", "The leftmost integer characters of string.", C::String),
    ("RIGHT", "RIGHT(string, integer)", "The rightmost integer characters of string.", C::String),
    ("LOCATE", "LOCATE(string1, string2 [, integer])", "Position of string1 in string2 after position integer.", C::String),
    ("PARSE_URL", "PARSE_URL(string1, string2 [, string3])", "A part (HOST, PATH, QUERY…) of URL string1.", C::String),
    ("REVERSE", "REVERSE(string)", "string reversed.", C::String),
    ("SPLIT_INDEX", "SPLIT_INDEX(string1, string2, integer1)", "Part integer1 of string1 split by delimiter string2.", C::String),
    ("SPLIT", "SPLIT(string, delimiter)", "Array of the parts of string split by delimiter.", C::String),
    ("STR_TO_MAP", "STR_TO_MAP(string1 [, string2, string3])", "A map from key/value pairs of string1.", C::String),
    ("SUBSTRING_INDEX", "SUBSTRING_INDEX(expr, delim, count)", "The part of expr before count occurrences of delim.", C::String),
    ("TRANSLATE", "TRANSLATE(expr, fromStr, toStr)", "expr with characters of fromStr replaced by those of toStr.", C::String),
    ("ELT", "ELT(index, expr [, exprs]*)", "The index-th of the expressions.", C::String),
    ("PRINTF", "PRINTF(format [, obj]*)", "A printf-style formatted string.", C::String),
    ("URL_DECODE", "URL_DECODE(string)", "string decoded from application/x-www-form-urlencoded.", C::String),
    ("URL_ENCODE", "URL_ENCODE(string)", "string encoded as application/x-www-form-urlencoded.", C::String),
    ("STARTSWITH", "STARTSWITH(expr, startExpr)", "TRUE when expr starts with startExpr.", C::String),
    ("ENDSWITH", "ENDSWITH(expr, endExpr)", "TRUE when expr ends with endExpr.", C::String),
    // Temporal
    ("DATE", "DATE string", "A SQL date parsed from string (yyyy-MM-dd).", C::Temporal),
    ("CURRENT_DATE", "CURRENT_DATE", "The current SQL date in the local time zone.", C::Temporal),
    ("CURRENT_TIME", "CURRENT_TIME", "The current SQL time in the local time zone.", C::Temporal),
    ("CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP", "The current timestamp (TIMESTAMP_LTZ(3)).", C::Temporal),
    ("CURRENT_ROW_TIMESTAMP", "CURRENT_ROW_TIMESTAMP()", "The current timestamp, evaluated per record.", C::Temporal),
    ("NOW", "NOW()", "The current timestamp (same as CURRENT_TIMESTAMP).", C::Temporal),
    ("LOCALTIME", "LOCALTIME", "The current SQL time in the local time zone.", C::Temporal),
    ("LOCALTIMESTAMP", "LOCALTIMESTAMP", "The current SQL timestamp in the local time zone.", C::Temporal),
    ("EXTRACT", "EXTRACT(timeintervalunit FROM temporal)", "A part (YEAR, MONTH, DAY, HOUR…) of a time point or interval.", C::Temporal),
    ("YEAR", "YEAR(date)", "The year of a date.", C::Temporal),
    ("QUARTER", "QUARTER(date)", "The quarter (1–4) of a date.", C::Temporal),
    ("MONTH", "MONTH(date)", "The month (1–12) of a date.", C::Temporal),
    ("WEEK", "WEEK(date)", "The ISO week (1–53) of a date.", C::Temporal),
    ("DAYOFYEAR", "DAYOFYEAR(date)", "The day of the year (1–366) of a date.", C::Temporal),
    ("DAYOFMONTH", "DAYOFMONTH(date)", "The day of the month (1–31) of a date.", C::Temporal),
    ("DAYOFWEEK", "DAYOFWEEK(date)", "The day of the week (1 = Sunday … 7) of a date.", C::Temporal),
    ("HOUR", "HOUR(timestamp)", "The hour (0–23) of a timestamp.", C::Temporal),
    ("MINUTE", "MINUTE(timestamp)", "The minute (0–59) of a timestamp.", C::Temporal),
    ("SECOND", "SECOND(timestamp)", "The second (0–59) of a timestamp.", C::Temporal),
    ("DATE_FORMAT", "DATE_FORMAT(timestamp, string)", "timestamp formatted with a SimpleDateFormat pattern.", C::Temporal),
    ("TIMESTAMPADD", "TIMESTAMPADD(timeintervalunit, interval, timepoint)", "timepoint plus interval units.", C::Temporal),
    ("TIMESTAMPDIFF", "TIMESTAMPDIFF(timepointunit, timepoint1, timepoint2)", "Number of units between two time points.", C::Temporal),
    ("CONVERT_TZ", "CONVERT_TZ(string1, string2, string3)", "Datetime string1 converted from time zone string2 to string3.", C::Temporal),
    ("FROM_UNIXTIME", "FROM_UNIXTIME(numeric [, string])", "Unix seconds formatted as a datetime string.", C::Temporal),
    ("UNIX_TIMESTAMP", "UNIX_TIMESTAMP([string1 [, string2]])", "Current or parsed time in Unix seconds.", C::Temporal),
    ("TO_DATE", "TO_DATE(string1 [, string2])", "A date parsed from string1 with format string2.", C::Temporal),
    ("TO_TIMESTAMP", "TO_TIMESTAMP(string1 [, string2])", "A timestamp parsed from string1 with format string2.", C::Temporal),
    ("TO_TIMESTAMP_LTZ", "TO_TIMESTAMP_LTZ(numeric [, precision])", "A TIMESTAMP_LTZ from epoch seconds (0) or milliseconds (3).", C::Temporal),
    ("CURRENT_WATERMARK", "CURRENT_WATERMARK(rowtime)", "The current watermark of a rowtime column, or NULL.", C::Temporal),
    ("DATE_ADD", "DATE_ADD(date, days)", "date plus days.", C::Temporal),
    ("DATE_SUB", "DATE_SUB(date, days)", "date minus days.", C::Temporal),
    ("DATEDIFF", "DATEDIFF(date1, date2)", "Days between date2 and date1.", C::Temporal),
    ("PROCTIME", "PROCTIME()", "A processing-time attribute (for computed columns).", C::Temporal),
    // Conditional, conversion
    ("CAST", "CAST(value AS type)", "value converted to type; fails on invalid input.", C::Conversion),
    ("TRY_CAST", "TRY_CAST(value AS type)", "value converted to type, or NULL when it cannot be.", C::Conversion),
    ("TYPEOF", "TYPEOF(input [, force_serializable])", "The string representation of input's data type.", C::Conversion),
    // Collection
    ("CARDINALITY", "CARDINALITY(array | map)", "Number of elements of an array or entries of a map.", C::Collection),
    ("ELEMENT", "ELEMENT(array)", "The single element of an array (NULL when empty).", C::Collection),
    ("ARRAY_APPEND", "ARRAY_APPEND(array, element)", "array with element appended.", C::Collection),
    ("ARRAY_CONTAINS", "ARRAY_CONTAINS(haystack, needle)", "TRUE when the array contains needle.", C::Collection),
    ("ARRAY_DISTINCT", "ARRAY_DISTINCT(haystack)", "The array without duplicates, in order.", C::Collection),
    ("ARRAY_POSITION", "ARRAY_POSITION(haystack, needle)", "1-based position of the first needle in the array (0 if absent).", C::Collection),
    ("ARRAY_PREPEND", "ARRAY_PREPEND(array, element)", "array with element prepended.", C::Collection),
    ("ARRAY_REMOVE", "ARRAY_REMOVE(haystack, needle)", "The array without every needle.", C::Collection),
    ("ARRAY_REVERSE", "ARRAY_REVERSE(haystack)", "The array in reverse order.", C::Collection),
    ("ARRAY_SLICE", "ARRAY_SLICE(array, start_offset [, end_offset])", "A subarray between two 1-based offsets.", C::Collection),
    ("ARRAY_SORT", "ARRAY_SORT(array [, ascending_order [, null_first]])", "The array sorted.", C::Collection),
    ("ARRAY_UNION", "ARRAY_UNION(array1, array2)", "Distinct elements of both arrays.", C::Collection),
    ("ARRAY_CONCAT", "ARRAY_CONCAT(array1, ...)", "The arrays concatenated.", C::Collection),
    ("ARRAY_EXCEPT", "ARRAY_EXCEPT(array1, array2)", "Elements of array1 not in array2.", C::Collection),
    ("ARRAY_INTERSECT", "ARRAY_INTERSECT(array1, array2)", "Elements in both arrays.", C::Collection),
    ("ARRAY_MAX", "ARRAY_MAX(array)", "The greatest element of the array.", C::Collection),
    ("ARRAY_MIN", "ARRAY_MIN(array)", "The least element of the array.", C::Collection),
    ("ARRAY_JOIN", "ARRAY_JOIN(array, delimiter [, nullReplacement])", "The array's elements joined into a string.", C::Collection),
    ("MAP_KEYS", "MAP_KEYS(map)", "Array of the map's keys.", C::Collection),
    ("MAP_VALUES", "MAP_VALUES(map)", "Array of the map's values.", C::Collection),
    ("MAP_ENTRIES", "MAP_ENTRIES(map)", "Array of the map's entries as rows (key, value).", C::Collection),
    ("MAP_FROM_ARRAYS", "MAP_FROM_ARRAYS(keys, values)", "A map built from an array of keys and one of values.", C::Collection),
    ("MAP_UNION", "MAP_UNION(map1, ...)", "The maps merged; later keys win.", C::Collection),
    // JSON
    ("IS JSON", "value IS JSON [VALUE | SCALAR | ARRAY | OBJECT]", "TRUE when the string is valid JSON of the given kind.", C::Json),
    ("JSON_EXISTS", "JSON_EXISTS(jsonValue, path [{TRUE | FALSE | UNKNOWN | ERROR} ON ERROR])", "TRUE when the JSON path matches a value.", C::Json),
    ("JSON_STRING", "JSON_STRING(value)", "value serialized as a JSON string.", C::Json),
    ("JSON_VALUE", "JSON_VALUE(jsonValue, path [RETURNING type] [ON EMPTY] [ON ERROR])", "The scalar at a JSON path.", C::Json),
    ("JSON_QUERY", "JSON_QUERY(jsonValue, path [RETURNING type] [WRAPPER] [ON EMPTY] [ON ERROR])", "The JSON value (object/array) at a JSON path.", C::Json),
    ("JSON_OBJECT", "JSON_OBJECT([[KEY] key VALUE value]* [NULL | ABSENT ON NULL])", "A JSON object string from key/value pairs.", C::Json),
    ("JSON_OBJECTAGG", "JSON_OBJECTAGG([KEY] key VALUE value [NULL | ABSENT ON NULL])", "A JSON object aggregated from rows (aggregate).", C::Json),
    ("JSON_ARRAY", "JSON_ARRAY([value]* [NULL | ABSENT ON NULL])", "A JSON array string of the values.", C::Json),
    ("JSON_ARRAYAGG", "JSON_ARRAYAGG(items [ORDER BY …] [NULL | ABSENT ON NULL])", "A JSON array aggregated from rows (aggregate).", C::Json),
    ("JSON", "JSON(value)", "Marks a string as raw JSON inside JSON_OBJECT/JSON_ARRAY.", C::Json),
    // Value construction and access
    ("ROW", "ROW(value1 [, value2]*)", "A row of the values.", C::Value),
    ("ARRAY", "ARRAY[value1 [, value2]*]", "An array of the values.", C::Value),
    ("MAP", "MAP[key1, value1 [, key2, value2]*]", "A map of the key/value pairs.", C::Value),
    ("DESCRIPTOR", "DESCRIPTOR(column)", "Names a time column for a window table function.", C::Value),
    // Hash
    ("MD5", "MD5(string)", "MD5 hash of string as 32 hex digits.", C::Hash),
    ("SHA1", "SHA1(string)", "SHA-1 hash of string as 40 hex digits.", C::Hash),
    ("SHA224", "SHA224(string)", "SHA-224 hash of string as 56 hex digits.", C::Hash),
    ("SHA256", "SHA256(string)", "SHA-256 hash of string as 64 hex digits.", C::Hash),
    ("SHA384", "SHA384(string)", "SHA-384 hash of string as 96 hex digits.", C::Hash),
    ("SHA512", "SHA512(string)", "SHA-512 hash of string as 128 hex digits.", C::Hash),
    ("SHA2", "SHA2(string, hashLength)", "SHA-2 hash (224, 256, 384 or 512 bits) of string.", C::Hash),
    // Aggregate
    ("COUNT", "COUNT([ALL | DISTINCT] expression | *)", "Number of rows (or non-NULL values).", C::Aggregate),
    ("AVG", "AVG([ALL | DISTINCT] expression)", "Average of expression over the rows.", C::Aggregate),
    ("SUM", "SUM([ALL | DISTINCT] expression)", "Sum of expression over the rows.", C::Aggregate),
    ("MAX", "MAX([ALL | DISTINCT] expression)", "Greatest value of expression over the rows.", C::Aggregate),
    ("MIN", "MIN([ALL | DISTINCT] expression)", "Least value of expression over the rows.", C::Aggregate),
    ("STDDEV_POP", "STDDEV_POP([ALL | DISTINCT] expression)", "Population standard deviation.", C::Aggregate),
    ("STDDEV_SAMP", "STDDEV_SAMP([ALL | DISTINCT] expression)", "Sample standard deviation.", C::Aggregate),
    ("VAR_POP", "VAR_POP([ALL | DISTINCT] expression)", "Population variance.", C::Aggregate),
    ("VAR_SAMP", "VAR_SAMP([ALL | DISTINCT] expression)", "Sample variance.", C::Aggregate),
    ("COLLECT", "COLLECT([ALL | DISTINCT] expression)", "A multiset of the values over the rows.", C::Aggregate),
    ("VARIANCE", "VARIANCE([ALL | DISTINCT] expression)", "Sample variance (same as VAR_SAMP).", C::Aggregate),
    ("RANK", "RANK() OVER (…)", "Rank of the row in its partition, with gaps.", C::Aggregate),
    ("DENSE_RANK", "DENSE_RANK() OVER (…)", "Rank of the row in its partition, without gaps.", C::Aggregate),
    ("ROW_NUMBER", "ROW_NUMBER() OVER (…)", "Sequential number of the row in its partition (Top-N, dedup).", C::Aggregate),
    ("PERCENT_RANK", "PERCENT_RANK() OVER (…)", "Relative rank of the row, (rank - 1) / (rows - 1).", C::Aggregate),
    ("CUME_DIST", "CUME_DIST() OVER (…)", "Cumulative distribution of the row in its partition.", C::Aggregate),
    ("NTILE", "NTILE(n) OVER (…)", "Bucket number 1..n of the row in its partition.", C::Aggregate),
    ("LEAD", "LEAD(expression [, offset] [, default])", "expression at offset rows after the current row.", C::Aggregate),
    ("LAG", "LAG(expression [, offset] [, default])", "expression at offset rows before the current row.", C::Aggregate),
    ("FIRST_VALUE", "FIRST_VALUE(expression)", "The first value of expression in an ordered set.", C::Aggregate),
    ("LAST_VALUE", "LAST_VALUE(expression)", "The last value of expression in an ordered set.", C::Aggregate),
    ("LISTAGG", "LISTAGG(expression [, separator])", "The values concatenated with separator (default ',').", C::Aggregate),
    ("ARRAY_AGG", "ARRAY_AGG([ALL | DISTINCT] expression [RESPECT | IGNORE NULLS])", "An array of the values over the rows.", C::Aggregate),
    // Window table-valued functions and group windows
    ("TUMBLE", "TUMBLE(TABLE data, DESCRIPTOR(timecol), size [, offset])", "Fixed-size, non-overlapping windows (window TVF).", C::Window),
    ("HOP", "HOP(TABLE data, DESCRIPTOR(timecol), slide, size [, offset])", "Fixed-size windows sliding by slide (window TVF).", C::Window),
    ("CUMULATE", "CUMULATE(TABLE data, DESCRIPTOR(timecol), step, size)", "Windows growing by step up to size (window TVF).", C::Window),
    ("SESSION", "SESSION(TABLE data [PARTITION BY keys], DESCRIPTOR(timecol), gap)", "Windows closed by a gap of inactivity (window TVF).", C::Window),
    ("TUMBLE_START", "TUMBLE_START(time_attr, interval)", "Start of a group tumbling window (legacy).", C::Window),
    ("TUMBLE_END", "TUMBLE_END(time_attr, interval)", "End of a group tumbling window (legacy).", C::Window),
    ("TUMBLE_ROWTIME", "TUMBLE_ROWTIME(time_attr, interval)", "Rowtime end of a group tumbling window (legacy).", C::Window),
    ("TUMBLE_PROCTIME", "TUMBLE_PROCTIME(time_attr, interval)", "Proctime attribute of a group tumbling window (legacy).", C::Window),
    ("HOP_START", "HOP_START(time_attr, interval, interval)", "Start of a group hopping window (legacy).", C::Window),
    ("HOP_END", "HOP_END(time_attr, interval, interval)", "End of a group hopping window (legacy).", C::Window),
    ("SESSION_START", "SESSION_START(time_attr, interval)", "Start of a group session window (legacy).", C::Window),
    ("SESSION_END", "SESSION_END(time_attr, interval)", "End of a group session window (legacy).", C::Window),
    // Other
    ("GROUP_ID", "GROUP_ID()", "An integer identifying the grouping set of the row.", C::Other),
    ("GROUPING", "GROUPING(expression1 [, expression2]*)", "Bit vector of which grouping expressions are rolled up.", C::Other),
    ("GROUPING_ID", "GROUPING_ID(expression1 [, expression2]*)", "Bit vector of which grouping expressions are rolled up.", C::Other),
    ("UNNEST", "UNNEST(array | map)", "One row per element (use with CROSS JOIN).", C::Other),
    ("MATCH_ROWTIME", "MATCH_ROWTIME([rowtime_field])", "Rowtime of the last row of a MATCH_RECOGNIZE match.", C::Other),
    ("MATCH_PROCTIME", "MATCH_PROCTIME()", "Proctime attribute of a MATCH_RECOGNIZE match.", C::Other),
    ("SOURCE_WATERMARK", "SOURCE_WATERMARK()", "Use the watermark the source emits (in WATERMARK FOR … AS).", C::Other),
];

/// Every built-in function with its signature and description.
pub fn builtin_functions() -> Vec<FunctionDoc> {
    FUNCTIONS
        .iter()
        .map(|(name, signature, doc, category)| FunctionDoc {
            name: (*name).into(),
            signature: (*signature).into(),
            doc: (*doc).into(),
            category: *category,
        })
        .collect()
}

/// The built-in function called `name` (case-insensitive).
pub fn function(name: &str) -> Option<FunctionDoc> {
    builtin_functions()
        .into_iter()
        .find(|f| f.name.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_covers_every_family_once() {
        let all = builtin_functions();
        assert!(all.len() > 200, "{} functions", all.len());
        let mut names: Vec<&str> = all.iter().map(|f| f.name.as_str()).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "duplicate function names");
        for f in [
            "TUMBLE",
            "JSON_VALUE",
            "ARRAY_CONTAINS",
            "LISTAGG",
            "DATE_FORMAT",
        ] {
            assert!(function(&f.to_lowercase()).is_some(), "{f}");
        }
        assert!(all
            .iter()
            .all(|f| !f.doc.is_empty() && f.signature.contains(&f.name)));
    }
}
