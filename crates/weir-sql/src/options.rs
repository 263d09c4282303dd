//! `WITH (…)` option keys of the connectors and formats Flink ships, with one-line docs, for
//! completion inside CREATE TABLE.

/// A connector or format option: key and one-line description.
pub(crate) type Opt = (&'static str, &'static str);

/// Options every table accepts whatever its connector.
pub(crate) const COMMON: &[Opt] = &[
    (
        "connector",
        "The connector to use: kafka, jdbc, filesystem, datagen, print…",
    ),
    ("format", "The format of the values: json, csv, avro, raw…"),
];

/// Known connector names with a description (values of `'connector'`).
#[rustfmt::skip]
pub(crate) const CONNECTORS: &[Opt] = &[
    ("kafka", "Apache Kafka topic (append-only source/sink)"),
    ("upsert-kafka", "Kafka topic as a changelog keyed by the primary key"),
    ("jdbc", "A table of a JDBC database (MySQL, PostgreSQL, Derby…)"),
    ("filesystem", "Files in a directory (local, HDFS, S3…)"),
    ("datagen", "Generates random rows (testing)"),
    ("print", "Prints every row to the task managers' stdout"),
    ("blackhole", "Discards every row (benchmarks)"),
    ("mysql-cdc", "MySQL binlog change data capture (Flink CDC)"),
];

/// Known format names (values of `'format'`, `'key.format'`, `'value.format'`).
#[rustfmt::skip]
pub(crate) const FORMATS: &[Opt] = &[
    ("json", "JSON objects"),
    ("csv", "Comma-separated values"),
    ("avro", "Apache Avro binary"),
    ("avro-confluent", "Avro with the Confluent Schema Registry"),
    ("debezium-json", "Debezium change events in JSON"),
    ("canal-json", "Canal change events in JSON"),
    ("maxwell-json", "Maxwell change events in JSON"),
    ("raw", "A single column with the raw bytes"),
    ("parquet", "Apache Parquet files"),
    ("orc", "Apache ORC files"),
];

#[rustfmt::skip]
const KAFKA: &[Opt] = &[
    ("topic", "Topic name(s) to read or write; semicolon-separated list for sources"),
    ("topic-pattern", "Regular expression of topic names to read"),
    ("properties.bootstrap.servers", "Comma-separated list of Kafka brokers (required)"),
    ("properties.group.id", "Consumer group id of the source"),
    ("properties.*", "Any Kafka client property, prefixed with properties."),
    ("key.format", "Format of the message key"),
    ("key.fields", "Columns stored in the message key, separated by ;"),
    ("key.fields-prefix", "Prefix of the key columns to tell them from value columns"),
    ("value.format", "Format of the message value"),
    ("value.fields-include", "ALL or EXCEPT_KEY: whether the value holds the key columns"),
    ("scan.startup.mode", "earliest-offset, latest-offset, group-offsets, timestamp or specific-offsets"),
    ("scan.startup.specific-offsets", "Offsets per partition for specific-offsets, e.g. partition:0,offset:42"),
    ("scan.startup.timestamp-millis", "Start timestamp in ms for the timestamp startup mode"),
    ("scan.bounded.mode", "Where a bounded source stops: unbounded, latest-offset, group-offsets, timestamp…"),
    ("scan.topic-partition-discovery.interval", "How often new partitions are discovered"),
    ("sink.partitioner", "default, fixed, round-robin or a FlinkKafkaPartitioner class"),
    ("sink.delivery-guarantee", "none, at-least-once or exactly-once"),
    ("sink.transactional-id-prefix", "Prefix of transactional ids for exactly-once"),
    ("sink.parallelism", "Parallelism of the sink operator"),
];

#[rustfmt::skip]
const UPSERT_KAFKA: &[Opt] = &[
    ("topic", "Topic to read from and write to"),
    ("properties.bootstrap.servers", "Comma-separated list of Kafka brokers (required)"),
    ("properties.*", "Any Kafka client property, prefixed with properties."),
    ("key.format", "Format of the message key (required)"),
    ("key.fields-prefix", "Prefix of the key columns to tell them from value columns"),
    ("value.format", "Format of the message value (required)"),
    ("value.fields-include", "ALL or EXCEPT_KEY: whether the value holds the key columns"),
    ("sink.parallelism", "Parallelism of the sink operator"),
    ("sink.buffer-flush.max-rows", "Rows buffered before a flush"),
    ("sink.buffer-flush.interval", "Interval between flushes of the buffer"),
    ("sink.delivery-guarantee", "none, at-least-once or exactly-once"),
];

#[rustfmt::skip]
const JDBC: &[Opt] = &[
    ("url", "JDBC database url (required)"),
    ("table-name", "Name of the table in the database (required)"),
    ("driver", "Class name of the JDBC driver (derived from the url when absent)"),
    ("username", "Database user name"),
    ("password", "Database password (use ${secret:name})"),
    ("connection.max-retry-timeout", "Longest wait for a connection attempt"),
    ("scan.partition.column", "Column used to partition the scan"),
    ("scan.partition.num", "Number of partitions of the scan"),
    ("scan.partition.lower-bound", "Smallest value of the first partition"),
    ("scan.partition.upper-bound", "Largest value of the last partition"),
    ("scan.fetch-size", "Rows fetched per round trip"),
    ("scan.auto-commit", "Auto-commit of the reading connection"),
    ("lookup.cache", "NONE or PARTIAL: the lookup join cache"),
    ("lookup.partial-cache.max-rows", "Largest number of cached lookup rows"),
    ("lookup.partial-cache.expire-after-write", "Time a cached row lives after it was written"),
    ("lookup.partial-cache.expire-after-access", "Time a cached row lives after it was read"),
    ("lookup.partial-cache.cache-missing-key", "Whether missing keys are cached too"),
    ("lookup.max-retries", "Retries of a failed lookup"),
    ("sink.buffer-flush.max-rows", "Rows buffered before a flush"),
    ("sink.buffer-flush.interval", "Interval between flushes of the buffer"),
    ("sink.max-retries", "Retries of a failed write"),
    ("sink.parallelism", "Parallelism of the sink operator"),
];

#[rustfmt::skip]
const FILESYSTEM: &[Opt] = &[
    ("path", "Directory or file path (required)"),
    ("source.monitor-interval", "How often a streaming source looks for new files"),
    ("source.path.regex-pattern", "Regular expression of the files to read"),
    ("partition.default-name", "Partition name for NULL or empty partition values"),
    ("sink.rolling-policy.file-size", "Largest part file before rolling"),
    ("sink.rolling-policy.rollover-interval", "Longest time a part file stays open"),
    ("sink.rolling-policy.check-interval", "How often the rolling policy is checked"),
    ("auto-compaction", "Compact small files written by a checkpoint"),
    ("compaction.file-size", "Target size of compacted files"),
    ("sink.partition-commit.trigger", "process-time or partition-time"),
    ("sink.partition-commit.delay", "Delay before a partition is committed"),
    ("sink.partition-commit.policy.kind", "metastore, success-file or custom (comma-separated)"),
    ("sink.partition-commit.success-file.name", "Name of the success file (default _SUCCESS)"),
    ("partition.time-extractor.timestamp-pattern", "How a partition's time is built from its values"),
    ("sink.parallelism", "Parallelism of the sink operator"),
];

#[rustfmt::skip]
const DATAGEN: &[Opt] = &[
    ("rows-per-second", "Rows generated per second (default 10000)"),
    ("number-of-rows", "Total rows to generate (unbounded when absent)"),
    ("scan.parallelism", "Parallelism of the source"),
    ("fields.#.kind", "random or sequence generator for field #"),
    ("fields.#.min", "Smallest random value of field #"),
    ("fields.#.max", "Largest random value of field #"),
    ("fields.#.max-past", "Largest past offset of a random timestamp field #"),
    ("fields.#.length", "Length of random strings or collections of field #"),
    ("fields.#.start", "First value of sequence field #"),
    ("fields.#.end", "Last value of sequence field #"),
    ("fields.#.null-rate", "Proportion of NULL values of field #"),
    ("fields.#.var-len", "Whether field # has variable length"),
];

#[rustfmt::skip]
const PRINT: &[Opt] = &[
    ("print-identifier", "Prefix of every printed line"),
    ("standard-error", "Print to stderr instead of stdout"),
    ("sink.parallelism", "Parallelism of the sink operator"),
];

const BLACKHOLE: &[Opt] = &[];

#[rustfmt::skip]
const MYSQL_CDC: &[Opt] = &[
    ("hostname", "MySQL server host (required)"),
    ("port", "MySQL server port (default 3306)"),
    ("username", "MySQL user (required)"),
    ("password", "MySQL password (use ${secret:name})"),
    ("database-name", "Database name or regular expression (required)"),
    ("table-name", "Table name or regular expression (required)"),
    ("server-id", "Numeric id or range of this binlog client, e.g. 5400-5404"),
    ("server-time-zone", "Session time zone of the server, e.g. UTC"),
    ("scan.incremental.snapshot.enabled", "Read the snapshot in parallel chunks"),
    ("scan.incremental.snapshot.chunk.size", "Rows per snapshot chunk"),
    ("scan.startup.mode", "initial, earliest-offset, latest-offset, specific-offset or timestamp"),
    ("scan.startup.timestamp-millis", "Start timestamp in ms for the timestamp startup mode"),
    ("connect.timeout", "Longest wait for a connection to MySQL"),
    ("connection.pool.size", "Size of the connection pool"),
    ("heartbeat.interval", "Interval of heartbeat events that advance the binlog offset"),
    ("debezium.*", "Any Debezium property, prefixed with debezium."),
];

#[rustfmt::skip]
const JSON: &[Opt] = &[
    ("fail-on-missing-field", "Fail when a field is missing (default false)"),
    ("ignore-parse-errors", "Skip rows that do not parse instead of failing"),
    ("timestamp-format.standard", "SQL or ISO-8601 timestamp format"),
    ("map-null-key.mode", "FAIL, DROP or LITERAL for NULL map keys"),
    ("map-null-key.literal", "String written for NULL map keys in LITERAL mode"),
    ("encode.decimal-as-plain-number", "Write decimals without scientific notation"),
    ("encode.ignore-null-fields", "Leave out fields whose value is NULL"),
];

#[rustfmt::skip]
const CSV: &[Opt] = &[
    ("field-delimiter", "Field separator (default ,)"),
    ("disable-quote-character", "Do not quote values"),
    ("quote-character", "Quote character (default \")"),
    ("allow-comments", "Ignore lines starting with #"),
    ("ignore-parse-errors", "Skip rows that do not parse instead of failing"),
    ("array-element-delimiter", "Separator of array elements (default ;)"),
    ("escape-character", "Escape character (none by default)"),
    ("null-literal", "String read and written as NULL"),
    ("write-bigdecimal-in-scientific-notation", "Write decimals in scientific notation"),
];

#[rustfmt::skip]
const AVRO: &[Opt] = &[
    ("encoding", "binary or json Avro encoding"),
    ("codec", "Compression codec for the filesystem: null, deflate, snappy, bzip2, xz"),
    ("timestamp_mapping.legacy", "Map timestamps the pre-1.19 way"),
];

#[rustfmt::skip]
const AVRO_CONFLUENT: &[Opt] = &[
    ("url", "URL of the Confluent Schema Registry (required)"),
    ("subject", "Schema Registry subject of the schema"),
    ("schema", "Avro schema string (derived from the table when absent)"),
    ("basic-auth.credentials-source", "Where credentials come from: USER_INFO…"),
    ("basic-auth.user-info", "user:password for the registry"),
];

/// The options of connector `name`, if Weir knows it.
pub(crate) fn connector_options(name: &str) -> Option<&'static [Opt]> {
    Some(match name.to_ascii_lowercase().as_str() {
        "kafka" => KAFKA,
        "upsert-kafka" => UPSERT_KAFKA,
        "jdbc" => JDBC,
        "filesystem" => FILESYSTEM,
        "datagen" => DATAGEN,
        "print" => PRINT,
        "blackhole" => BLACKHOLE,
        "mysql-cdc" => MYSQL_CDC,
        _ => return None,
    })
}

/// The options of format `name` (without their `name.` prefix), if Weir knows it.
pub(crate) fn format_options(name: &str) -> Option<&'static [Opt]> {
    Some(match name.to_ascii_lowercase().as_str() {
        "json" | "debezium-json" | "canal-json" | "maxwell-json" => JSON,
        "csv" => CSV,
        "avro" => AVRO,
        "avro-confluent" => AVRO_CONFLUENT,
        _ => return None,
    })
}

/// Common `SET` keys with their description.
#[rustfmt::skip]
pub(crate) const SET_KEYS: &[Opt] = &[
    ("execution.runtime-mode", "streaming or batch"),
    ("execution.checkpointing.interval", "Interval between checkpoints, e.g. 10s"),
    ("parallelism.default", "Default parallelism of operators"),
    ("pipeline.name", "Name of the submitted job"),
    ("table.exec.state.ttl", "How long idle state is kept, e.g. 1 h"),
    ("table.exec.source.idle-timeout", "When an idle source partition stops holding back watermarks"),
    ("table.exec.mini-batch.enabled", "Buffer input rows to reduce state access"),
    ("table.local-time-zone", "Session time zone, e.g. UTC or Europe/Berlin"),
    ("sql-client.execution.result-mode", "table, changelog or tableau"),
    ("state.backend.type", "hashmap or rocksdb"),
];
