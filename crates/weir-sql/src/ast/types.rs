//! Flink SQL data types as written in DDL (`ROW<…>`, `MAP<…>`, `TIMESTAMP_LTZ(3)`, `… NOT NULL`).

use super::ObjectName;

/// A data type with its nullability.
#[derive(Debug, Clone, PartialEq)]
pub struct DataType {
    /// The type itself.
    pub kind: TypeKind,
    /// `NOT NULL` (false) or the default / explicit `NULL` (true).
    pub nullable: bool,
}

/// Which time zone a `TIMESTAMP`/`TIME` carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeZone {
    /// No time zone clause.
    Unspecified,
    /// `WITHOUT TIME ZONE`.
    Without,
    /// `WITH TIME ZONE`.
    With,
    /// `WITH LOCAL TIME ZONE`.
    Local,
}

/// The shape of a data type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A built-in type with optional numeric parameters: `INT`, `VARCHAR(10)`, `DECIMAL(10, 2)`,
    /// `TIMESTAMP_LTZ(3)`, `DOUBLE PRECISION` (words joined by one space, upper case).
    Simple {
        /// The type name in upper case.
        name: String,
        /// Length / precision / scale parameters.
        params: Vec<u64>,
    },
    /// `TIMESTAMP[(p)]` or `TIME[(p)]` with a time zone clause.
    Temporal {
        /// `TIMESTAMP` or `TIME`.
        name: String,
        /// Fractional seconds precision.
        precision: Option<u64>,
        /// Time zone clause.
        zone: TimeZone,
    },
    /// `INTERVAL DAY(2) TO SECOND(3)` and friends.
    Interval {
        /// Leading unit, e.g. `DAY`.
        from: String,
        /// Precision of the leading unit.
        from_precision: Option<u64>,
        /// Trailing unit after `TO`.
        to: Option<String>,
        /// Precision of the trailing unit.
        to_precision: Option<u64>,
    },
    /// `ARRAY<t>` or `t ARRAY`.
    Array(Box<DataType>),
    /// `MULTISET<t>` or `t MULTISET`.
    Multiset(Box<DataType>),
    /// `MAP<k, v>`.
    Map(Box<DataType>, Box<DataType>),
    /// `ROW<name type ['comment'], …>` or `ROW(name type, …)`.
    Row(Vec<RowField>),
    /// `STRUCTURED<'class', name type ['comment'], …>`.
    Structured {
        /// The Java class name.
        class: String,
        /// The attributes.
        fields: Vec<RowField>,
    },
    /// `RAW('class', 'snapshot')`.
    Raw {
        /// The Java class name.
        class: String,
        /// The serializer snapshot.
        snapshot: Option<String>,
    },
    /// A user-defined (structured or distinct) type referenced by name.
    Named(ObjectName),
}

/// One field of a `ROW` type.
#[derive(Debug, Clone, PartialEq)]
pub struct RowField {
    /// Field name.
    pub name: super::Ident,
    /// Field type.
    pub data_type: DataType,
    /// Optional description.
    pub comment: Option<String>,
}
