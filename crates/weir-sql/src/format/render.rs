//! Rendering the statement model as canonical text: upper-case keywords, one column / option
//! per line in DDL, clauses on their own lines. sqlparser's (pretty) `Display` writes
//! expressions and queries; Flink's own nodes are written here.

use std::fmt::Write;

use crate::ast::*;

const INDENT: &str = "  ";

/// A `'…'` string literal (quotes doubled).
pub(super) fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn join<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn query(q: &Query) -> String {
    super::fix::query(q)
}

/// An expression, written by sqlparser.
struct E<'a>(&'a Expr);

impl std::fmt::Display for E<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&super::fix::expr(self.0))
    }
}

/// `(\n  'k' = 'v',\n …\n)`; `()` when empty.
fn properties(props: &[Property]) -> String {
    if props.is_empty() {
        return "()".into();
    }
    let lines: Vec<String> = props
        .iter()
        .map(|p| format!("{INDENT}{} = {}", quote(&p.key), quote(&p.value)))
        .collect();
    format!("(\n{}\n)", lines.join(",\n"))
}

fn keys(keys: &[String]) -> String {
    let ks: Vec<String> = keys.iter().map(|k| quote(k)).collect();
    format!("({})", ks.join(", "))
}

/// `\nWITH (…)` when there are options.
fn with(out: &mut String, props: &[Property]) {
    if !props.is_empty() {
        let _ = write!(out, "\nWITH {}", properties(props));
    }
}

fn comment(out: &mut String, c: &Option<String>) {
    if let Some(c) = c {
        let _ = write!(out, "\nCOMMENT {}", quote(c));
    }
}

fn if_not_exists(b: bool) -> &'static str {
    if b {
        "IF NOT EXISTS "
    } else {
        ""
    }
}

fn if_exists(b: bool) -> &'static str {
    if b {
        "IF EXISTS "
    } else {
        ""
    }
}

/// A data type as Flink writes it.
pub(super) fn data_type(t: &DataType) -> String {
    let mut s = match &t.kind {
        TypeKind::Simple { name, params } if params.is_empty() => name.clone(),
        TypeKind::Simple { name, params } => format!("{name}({})", join(params)),
        TypeKind::Temporal {
            name,
            precision,
            zone,
        } => {
            let mut s = name.clone();
            if let Some(p) = precision {
                let _ = write!(s, "({p})");
            }
            s.push_str(match zone {
                TimeZone::Unspecified => "",
                TimeZone::Without => " WITHOUT TIME ZONE",
                TimeZone::With => " WITH TIME ZONE",
                TimeZone::Local => " WITH LOCAL TIME ZONE",
            });
            s
        }
        TypeKind::Interval {
            from,
            from_precision,
            to,
            to_precision,
        } => {
            let mut s = format!("INTERVAL {from}");
            if let Some(p) = from_precision {
                let _ = write!(s, "({p})");
            }
            if let Some(to) = to {
                let _ = write!(s, " TO {to}");
                if let Some(p) = to_precision {
                    let _ = write!(s, "({p})");
                }
            }
            s
        }
        TypeKind::Array(inner) => format!("ARRAY<{}>", data_type(inner)),
        TypeKind::Multiset(inner) => format!("MULTISET<{}>", data_type(inner)),
        TypeKind::Map(k, v) => format!("MAP<{}, {}>", data_type(k), data_type(v)),
        TypeKind::Row(fields) => format!("ROW<{}>", row_fields(fields)),
        TypeKind::Structured { class, fields } => {
            let mut s = format!("STRUCTURED<{}", quote(class));
            if !fields.is_empty() {
                let _ = write!(s, ", {}", row_fields(fields));
            }
            s.push('>');
            s
        }
        TypeKind::Raw { class, snapshot } => match snapshot {
            Some(snap) => format!("RAW({}, {})", quote(class), quote(snap)),
            None => format!("RAW({})", quote(class)),
        },
        TypeKind::Named(name) => name.to_string(),
    };
    if !t.nullable {
        s.push_str(" NOT NULL");
    }
    s
}

fn row_fields(fields: &[RowField]) -> String {
    let fs: Vec<String> = fields
        .iter()
        .map(|f| {
            let mut s = format!("{} {}", f.name, data_type(&f.data_type));
            if let Some(c) = &f.comment {
                let _ = write!(s, " {}", quote(c));
            }
            s
        })
        .collect();
    fs.join(", ")
}

fn enforced(e: Option<bool>) -> &'static str {
    match e {
        Some(false) => " NOT ENFORCED",
        Some(true) => " ENFORCED",
        None => "",
    }
}

fn column(c: &Column) -> String {
    let mut s = String::new();
    for p in &c.path {
        let _ = write!(s, "{p}.");
    }
    let _ = write!(s, "{}", c.name);
    match &c.kind {
        ColumnKind::Physical(t) => {
            let _ = write!(s, " {}", data_type(t));
        }
        ColumnKind::Computed(e) => {
            let _ = write!(s, " AS {}", E(e));
        }
        ColumnKind::Metadata {
            data_type: t,
            from,
            is_virtual,
        } => {
            let _ = write!(s, " {} METADATA", data_type(t));
            if let Some(f) = from {
                let _ = write!(s, " FROM {}", quote(f));
            }
            if *is_virtual {
                s.push_str(" VIRTUAL");
            }
        }
    }
    if let Some(k) = &c.constraint {
        if let Some(n) = &k.name {
            let _ = write!(s, " CONSTRAINT {n}");
        }
        s.push_str(if k.unique { " UNIQUE" } else { " PRIMARY KEY" });
        s.push_str(enforced(k.enforced));
    }
    if let Some(cm) = &c.comment {
        let _ = write!(s, " COMMENT {}", quote(cm));
    }
    match &c.position {
        Some(ColumnPosition::First) => s.push_str(" FIRST"),
        Some(ColumnPosition::After(n)) => {
            let _ = write!(s, " AFTER {n}");
        }
        None => {}
    }
    s
}

fn schema_element(e: &SchemaElement) -> String {
    match e {
        SchemaElement::Column(c) => column(c),
        SchemaElement::Watermark(w) => format!("WATERMARK FOR {} AS {}", w.column, E(&w.expr)),
        SchemaElement::Constraint(c) => {
            let mut s = String::new();
            if let Some(n) = &c.name {
                let _ = write!(s, "CONSTRAINT {n} ");
            }
            s.push_str(if c.unique { "UNIQUE" } else { "PRIMARY KEY" });
            let _ = write!(s, " ({}){}", join(&c.columns), enforced(c.enforced));
            s
        }
    }
}

/// `(\n  element,\n …\n)`.
fn schema(els: &[SchemaElement]) -> String {
    let lines: Vec<String> = els
        .iter()
        .map(|e| format!("{INDENT}{}", schema_element(e)))
        .collect();
    format!("(\n{}\n)", lines.join(",\n"))
}

fn columns(cols: &[Column]) -> String {
    let lines: Vec<String> = cols
        .iter()
        .map(|c| format!("{INDENT}{}", column(c)))
        .collect();
    format!("(\n{}\n)", lines.join(",\n"))
}

fn distribution(d: &Distribution) -> String {
    let mut s = String::new();
    if !d.columns.is_empty() || d.algorithm.is_some() {
        s.push_str("BY ");
        if let Some(a) = &d.algorithm {
            let _ = write!(s, "{a}");
        }
        let _ = write!(s, "({})", join(&d.columns));
        if d.buckets.is_some() {
            s.push(' ');
        }
    }
    if let Some(n) = d.buckets {
        let _ = write!(s, "INTO {n} BUCKETS");
    }
    s
}

/// The clauses CREATE TABLE and CREATE MATERIALIZED TABLE share after the schema.
fn table_clauses(
    out: &mut String,
    cmt: &Option<String>,
    dist: &Option<Distribution>,
    partitioned_by: &[Ident],
    options: &[Property],
) {
    comment(out, cmt);
    if let Some(d) = dist {
        let _ = write!(out, "\nDISTRIBUTED {}", distribution(d));
    }
    if !partitioned_by.is_empty() {
        let _ = write!(out, "\nPARTITIONED BY ({})", join(partitioned_by));
    }
    with(out, options);
}

fn partition_spec(spec: &[PartitionSpecItem]) -> String {
    let items: Vec<String> = spec
        .iter()
        .map(|i| match &i.value {
            Some(v) => format!("{} = {}", i.column, E(v)),
            None => i.column.to_string(),
        })
        .collect();
    format!("PARTITION ({})", items.join(", "))
}

fn options_action(a: &OptionsAction) -> String {
    match a {
        OptionsAction::Set(p) => format!("SET {}", properties(p)),
        OptionsAction::Reset(k) => format!("RESET {}", keys(k)),
        OptionsAction::Comment(c) => format!("COMMENT {}", quote(c)),
        OptionsAction::RenameTo(n) => format!("RENAME TO {n}"),
    }
}

fn alter_table_action(a: &AlterTableAction) -> String {
    use AlterTableAction as A;
    match a {
        A::RenameTo(n) => format!("RENAME TO {n}"),
        A::RenameColumn { from, to } => format!("RENAME {from} TO {to}"),
        A::Set(p) => format!("SET {}", properties(p)),
        A::Reset(k) => format!("RESET {}", keys(k)),
        A::Add(els) => format!("ADD {}", schema(els)),
        A::Modify(els) => format!("MODIFY {}", schema(els)),
        A::AddDistribution(d) => format!("ADD DISTRIBUTION {}", distribution(d)),
        A::ModifyDistribution(d) => format!("MODIFY DISTRIBUTION {}", distribution(d)),
        A::DropColumns(cols) => format!("DROP ({})", join(cols)),
        A::DropPrimaryKey => "DROP PRIMARY KEY".into(),
        A::DropConstraint(n) => format!("DROP CONSTRAINT {n}"),
        A::DropWatermark => "DROP WATERMARK".into(),
        A::DropDistribution => "DROP DISTRIBUTION".into(),
        A::AddPartitions {
            if_not_exists: ine,
            partitions,
        } => {
            let mut s = format!("ADD {}", if_not_exists(*ine));
            let parts: Vec<String> = partitions
                .iter()
                .map(|p| {
                    let mut s = partition_spec(&p.spec);
                    with(&mut s, &p.options);
                    s
                })
                .collect();
            s.push_str(&parts.join("\n"));
            s
        }
        A::DropPartitions {
            if_exists: ie,
            partitions,
        } => {
            let parts: Vec<String> = partitions.iter().map(|p| partition_spec(p)).collect();
            format!("DROP {}{}", if_exists(*ie), parts.join(", "))
        }
        A::Compact(spec) if spec.is_empty() => "COMPACT".into(),
        A::Compact(spec) => format!("{} COMPACT", partition_spec(spec)),
    }
}

fn alter_mt_action(a: &AlterMaterializedTableAction) -> String {
    use AlterMaterializedTableAction as A;
    match a {
        A::Suspend => "SUSPEND".into(),
        A::Resume(p) if p.is_empty() => "RESUME".into(),
        A::Resume(p) => format!("RESUME WITH {}", properties(p)),
        A::Refresh(spec) if spec.is_empty() => "REFRESH".into(),
        A::Refresh(spec) => format!("REFRESH {}", partition_spec(spec)),
        A::SetFreshness(e) => format!("SET FRESHNESS = {}", E(e)),
        A::SetRefreshMode(m) => format!("SET REFRESH_MODE = {m}"),
        A::Set(p) => format!("SET {}", properties(p)),
        A::Reset(k) => format!("RESET {}", keys(k)),
        A::As(q) => format!("AS\n{}", query(q)),
        A::Schema(add, els) => {
            format!("{} {}", if *add { "ADD" } else { "MODIFY" }, schema(els))
        }
        A::Distribution(add, d) => format!(
            "{} DISTRIBUTION {}",
            if *add { "ADD" } else { "MODIFY" },
            distribution(d)
        ),
        A::Drop(d) => alter_table_action(d),
    }
}

fn object(o: DropObject) -> &'static str {
    match o {
        DropObject::Table => "TABLE",
        DropObject::View => "VIEW",
        DropObject::Function => "FUNCTION",
        DropObject::Catalog => "CATALOG",
        DropObject::Database => "DATABASE",
        DropObject::MaterializedTable => "MATERIALIZED TABLE",
        DropObject::Model => "MODEL",
        DropObject::Connection => "CONNECTION",
    }
}

fn function(verb: &str, f: &CreateFunction) -> String {
    let scope = match f.scope {
        FunctionScope::Catalog => "",
        FunctionScope::Temporary => "TEMPORARY ",
        FunctionScope::TemporarySystem => "TEMPORARY SYSTEM ",
    };
    let exists = match (verb, f.if_exists) {
        (_, false) => "",
        ("CREATE", true) => "IF NOT EXISTS ",
        (_, true) => "IF EXISTS ",
    };
    let mut s = format!(
        "{verb} {scope}FUNCTION {exists}{} AS {}",
        f.name,
        quote(&f.class)
    );
    if let Some(l) = &f.language {
        let _ = write!(s, " LANGUAGE {l}");
    }
    if !f.jars.is_empty() {
        let jars: Vec<String> = f.jars.iter().map(|j| format!("JAR {}", quote(j))).collect();
        let _ = write!(s, "\nUSING {}", jars.join(", "));
    }
    with(&mut s, &f.options);
    s
}

fn insert(i: &Insert) -> String {
    let mut s = format!(
        "INSERT {} {}",
        if i.overwrite { "OVERWRITE" } else { "INTO" },
        i.table
    );
    if !i.extended_columns.is_empty() {
        let _ = write!(s, " {}", columns(&i.extended_columns));
    }
    if !i.partition.is_empty() {
        let _ = write!(s, "\n{}", partition_spec(&i.partition));
    }
    if !i.columns.is_empty() {
        let _ = write!(s, " ({})", join(&i.columns));
    }
    let _ = write!(s, "\n{}", query(&i.source));
    s
}

fn show(sh: &Show) -> String {
    let mut s = String::from("SHOW ");
    match &sh.what {
        ShowWhat::Catalogs => s.push_str("CATALOGS"),
        ShowWhat::CurrentCatalog => s.push_str("CURRENT CATALOG"),
        ShowWhat::Databases => s.push_str("DATABASES"),
        ShowWhat::CurrentDatabase => s.push_str("CURRENT DATABASE"),
        ShowWhat::Tables => s.push_str("TABLES"),
        ShowWhat::Columns => s.push_str("COLUMNS"),
        ShowWhat::Views => s.push_str("VIEWS"),
        ShowWhat::MaterializedTables => s.push_str("MATERIALIZED TABLES"),
        ShowWhat::Functions { user } => {
            s.push_str(if *user { "USER FUNCTIONS" } else { "FUNCTIONS" })
        }
        ShowWhat::Procedures => s.push_str("PROCEDURES"),
        ShowWhat::Modules { full } => s.push_str(if *full { "FULL MODULES" } else { "MODULES" }),
        ShowWhat::Jars => s.push_str("JARS"),
        ShowWhat::Jobs => s.push_str("JOBS"),
        ShowWhat::Models => s.push_str("MODELS"),
        ShowWhat::Connections => s.push_str("CONNECTIONS"),
        ShowWhat::Partitions { table, partition } => {
            let _ = write!(s, "PARTITIONS {table}");
            if !partition.is_empty() {
                let _ = write!(s, " {}", partition_spec(partition));
            }
        }
        ShowWhat::Create { object: o, name } => {
            let _ = write!(s, "CREATE {} {name}", object(*o));
        }
    }
    if let Some(f) = &sh.from {
        let _ = write!(s, " FROM {f}");
    }
    if let Some(l) = &sh.like {
        let _ = write!(
            s,
            " {}{} {}",
            if l.not { "NOT " } else { "" },
            if l.ilike { "ILIKE" } else { "LIKE" },
            quote(&l.pattern)
        );
    }
    s
}

fn describe(d: &Describe) -> String {
    let ext = |e: &bool| if *e { "EXTENDED " } else { "" };
    match d {
        Describe::Table { extended, name } => format!("DESCRIBE {}{name}", ext(extended)),
        Describe::Catalog { extended, name } => {
            format!("DESCRIBE CATALOG {}{name}", ext(extended))
        }
        Describe::Database { extended, name } => {
            format!("DESCRIBE DATABASE {}{name}", ext(extended))
        }
        Describe::Model { extended, name } => format!("DESCRIBE MODEL {}{name}", ext(extended)),
        Describe::Function { extended, name } => {
            format!("DESCRIBE FUNCTION {}{name}", ext(extended))
        }
        Describe::Connection { extended, name } => {
            format!("DESCRIBE CONNECTION {}{name}", ext(extended))
        }
        Describe::Job(id) => format!("DESCRIBE JOB {}", quote(id)),
    }
}

fn statement_set(set: &StatementSet) -> String {
    match set {
        StatementSet::Begin => "BEGIN STATEMENT SET".into(),
        StatementSet::End => "END".into(),
        StatementSet::Block(stmts) => {
            let all_inserts =
                !stmts.is_empty() && stmts.iter().all(|s| matches!(s, Statement::Insert(_)));
            let mut s = String::from(if all_inserts {
                "STATEMENT SET BEGIN\n"
            } else {
                "BEGIN STATEMENT SET;\n"
            });
            for st in stmts {
                let _ = writeln!(s, "{};", statement(st));
            }
            s.push_str("END");
            s
        }
    }
}

fn create_table(t: &CreateTable) -> String {
    let mut s = String::from(match t.replace {
        Replace::No => "CREATE ",
        Replace::CreateOrReplace => "CREATE OR REPLACE ",
        Replace::Replace => "REPLACE ",
    });
    if t.temporary {
        s.push_str("TEMPORARY ");
    }
    let _ = write!(s, "TABLE {}{}", if_not_exists(t.if_not_exists), t.name);
    if !t.schema.is_empty() {
        let _ = write!(s, " {}", schema(&t.schema));
    }
    table_clauses(
        &mut s,
        &t.comment,
        &t.distribution,
        &t.partitioned_by,
        &t.options,
    );
    if let Some(l) = &t.like {
        let _ = write!(s, "\nLIKE {}", l.source);
        if !l.options.is_empty() {
            let opts: Vec<String> = l
                .options
                .iter()
                .map(|o| format!("{INDENT}{} {}", o.strategy, o.feature))
                .collect();
            let _ = write!(s, " (\n{}\n)", opts.join("\n"));
        }
    }
    if let Some(q) = &t.query {
        let _ = write!(s, "\nAS\n{}", query(q));
    }
    s
}

fn create_mt(t: &CreateMaterializedTable) -> String {
    let mut s = format!(
        "CREATE {}MATERIALIZED TABLE {}{}",
        if t.or_alter { "OR ALTER " } else { "" },
        if_not_exists(t.if_not_exists),
        t.name
    );
    if !t.schema.is_empty() {
        let _ = write!(s, " {}", schema(&t.schema));
    }
    table_clauses(
        &mut s,
        &t.comment,
        &t.distribution,
        &t.partitioned_by,
        &t.options,
    );
    if let Some(f) = &t.freshness {
        let _ = write!(s, "\nFRESHNESS = {}", E(f));
    }
    if let Some(m) = &t.refresh_mode {
        let _ = write!(s, "\nREFRESH_MODE = {m}");
    }
    let _ = write!(s, "\nAS\n{}", query(&t.query));
    s
}

fn create_model(m: &CreateModel) -> String {
    let mut s = format!(
        "CREATE {}MODEL {}{}",
        if m.temporary { "TEMPORARY " } else { "" },
        if_not_exists(m.if_not_exists),
        m.name
    );
    if !m.input.is_empty() {
        let _ = write!(s, "\nINPUT {}", columns(&m.input));
    }
    if !m.output.is_empty() {
        let _ = write!(s, "\nOUTPUT {}", columns(&m.output));
    }
    comment(&mut s, &m.comment);
    with(&mut s, &m.options);
    if let Some(q) = &m.query {
        let _ = write!(s, "\nAS\n{}", query(q));
    }
    s
}

/// One statement in canonical layout, without the closing `;`.
pub(super) fn statement(st: &Statement) -> String {
    use Statement as S;
    match st {
        S::CreateTable(t) => create_table(t),
        S::CreateView(v) => {
            let mut s = format!(
                "CREATE {}VIEW {}{}",
                if v.temporary { "TEMPORARY " } else { "" },
                if_not_exists(v.if_not_exists),
                v.name
            );
            if !v.columns.is_empty() {
                let _ = write!(s, " ({})", join(&v.columns));
            }
            comment(&mut s, &v.comment);
            let _ = write!(s, "\nAS\n{}", query(&v.query));
            s
        }
        S::CreateFunction(f) => function("CREATE", f),
        S::AlterFunction(f) => function("ALTER", f),
        S::CreateCatalog {
            if_not_exists: ine,
            name,
            comment: c,
            options,
        } => {
            let mut s = format!("CREATE CATALOG {}{name}", if_not_exists(*ine));
            comment(&mut s, c);
            with(&mut s, options);
            s
        }
        S::CreateDatabase {
            if_not_exists: ine,
            name,
            comment: c,
            options,
        } => {
            let mut s = format!("CREATE DATABASE {}{name}", if_not_exists(*ine));
            comment(&mut s, c);
            with(&mut s, options);
            s
        }
        S::CreateConnection {
            temporary,
            system,
            if_not_exists: ine,
            name,
            comment: c,
            options,
        } => {
            let mut s = format!(
                "CREATE {}{}CONNECTION {}{name}",
                if *temporary { "TEMPORARY " } else { "" },
                if *system { "SYSTEM " } else { "" },
                if_not_exists(*ine)
            );
            comment(&mut s, c);
            with(&mut s, options);
            s
        }
        S::AlterConnection {
            if_exists: ie,
            name,
            action,
        } => format!(
            "ALTER CONNECTION {}{name} {}",
            if_exists(*ie),
            options_action(action)
        ),
        S::CreateMaterializedTable(t) => create_mt(t),
        S::CreateModel(m) => create_model(m),
        S::AlterTable {
            if_exists: ie,
            name,
            action,
        } => format!(
            "ALTER TABLE {}{name} {}",
            if_exists(*ie),
            alter_table_action(action)
        ),
        S::AlterView { name, action } => match action {
            AlterViewAction::RenameTo(n) => format!("ALTER VIEW {name} RENAME TO {n}"),
            AlterViewAction::As(q) => format!("ALTER VIEW {name} AS\n{}", query(q)),
        },
        S::AlterDatabase { name, options } => {
            format!("ALTER DATABASE {name} SET {}", properties(options))
        }
        S::AlterCatalog { name, action } => {
            format!("ALTER CATALOG {name} {}", options_action(action))
        }
        S::AlterMaterializedTable { name, action } => {
            format!(
                "ALTER MATERIALIZED TABLE {name} {}",
                alter_mt_action(action)
            )
        }
        S::AlterModel {
            if_exists: ie,
            name,
            action,
        } => format!(
            "ALTER MODEL {}{name} {}",
            if_exists(*ie),
            options_action(action)
        ),
        S::Drop(d) => {
            let mut s = format!(
                "DROP {}{}{} {}{}",
                if d.temporary { "TEMPORARY " } else { "" },
                if d.system { "SYSTEM " } else { "" },
                object(d.object),
                if_exists(d.if_exists),
                d.name
            );
            match d.cascade {
                Some(true) => s.push_str(" CASCADE"),
                Some(false) => s.push_str(" RESTRICT"),
                None => {}
            }
            s
        }
        S::Insert(i) => insert(i),
        S::Query(q) => query(q),
        S::Set { key: None, .. } => "SET".into(),
        S::Set {
            key: Some(k),
            value,
        } => format!(
            "SET {} = {}",
            quote(k),
            quote(value.as_deref().unwrap_or_default())
        ),
        S::Reset { key: None } => "RESET".into(),
        S::Reset { key: Some(k) } => format!("RESET {}", quote(k)),
        S::Show(sh) => show(sh),
        S::Describe(d) => describe(d),
        S::Explain {
            details,
            plan_for,
            statement: inner,
        } => {
            let mut s = String::from("EXPLAIN");
            if *plan_for {
                s.push_str(" PLAN FOR");
            }
            if !details.is_empty() {
                let _ = write!(s, " {}", details.join(", "));
            }
            let _ = write!(s, "\n{}", statement(inner));
            s
        }
        S::UseCatalog(n) => format!("USE CATALOG {n}"),
        S::UseDatabase(n) => format!("USE {n}"),
        S::UseModules(ms) => format!("USE MODULES {}", join(ms)),
        S::LoadModule { name, options } => {
            let mut s = format!("LOAD MODULE {name}");
            with(&mut s, options);
            s
        }
        S::UnloadModule(n) => format!("UNLOAD MODULE {n}"),
        S::AddJar(p) => format!("ADD JAR {}", quote(p)),
        S::RemoveJar(p) => format!("REMOVE JAR {}", quote(p)),
        S::StatementSet(set) => statement_set(set),
        S::Execute(inner) => format!("EXECUTE {}", statement(inner)),
        S::CompilePlan {
            file,
            if_not_exists: ine,
            and_execute,
            statement: inner,
        } => format!(
            "COMPILE {}PLAN {}{} FOR\n{}",
            if *and_execute { "AND EXECUTE " } else { "" },
            quote(file),
            if *ine { " IF NOT EXISTS" } else { "" },
            statement(inner)
        ),
        S::ExecutePlan(f) => format!("EXECUTE PLAN {}", quote(f)),
        S::AnalyzeTable {
            name,
            partition,
            columns,
        } => {
            let mut s = format!("ANALYZE TABLE {name}");
            if !partition.is_empty() {
                let _ = write!(s, " {}", partition_spec(partition));
            }
            s.push_str(" COMPUTE STATISTICS");
            match columns {
                Some(c) if c.is_empty() => s.push_str(" FOR ALL COLUMNS"),
                Some(c) => {
                    let _ = write!(s, " FOR COLUMNS {}", join(c));
                }
                None => {}
            }
            s
        }
        S::TruncateTable(n) => format!("TRUNCATE TABLE {n}"),
        S::Delete {
            table,
            alias,
            selection,
        } => {
            let mut s = format!("DELETE FROM {table}");
            if let Some(a) = alias {
                let _ = write!(s, " AS {a}");
            }
            if let Some(w) = selection {
                let _ = write!(s, "\nWHERE {}", E(w));
            }
            s
        }
        S::Update {
            table,
            alias,
            assignments,
            selection,
        } => {
            let mut s = format!("UPDATE {table}");
            if let Some(a) = alias {
                let _ = write!(s, " AS {a}");
            }
            let sets: Vec<String> = assignments
                .iter()
                .map(|(c, e)| format!("{INDENT}{c} = {}", E(e)))
                .collect();
            let _ = write!(s, "\nSET\n{}", sets.join(",\n"));
            if let Some(w) = selection {
                let _ = write!(s, "\nWHERE {}", E(w));
            }
            s
        }
        S::Call(e) => format!("CALL {}", E(e)),
        S::StopJob {
            job_id,
            with_savepoint,
            with_drain,
        } => {
            let mut s = format!("STOP JOB {}", quote(job_id));
            if *with_savepoint {
                s.push_str(" WITH SAVEPOINT");
            }
            if *with_drain {
                s.push_str(" WITH DRAIN");
            }
            s
        }
        S::Help => "HELP".into(),
        S::Quit => "QUIT".into(),
        S::Clear => "CLEAR".into(),
    }
}
