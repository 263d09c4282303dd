/**
 * @file Tree-sitter grammar for Apache Flink SQL (1.17 – 2.x), as written in Weir's editor.
 * @license Apache-2.0
 *
 * Design notes (why it looks the way it does):
 * - Keywords are case-insensitive regexes aliased to one named node, `keyword`. With `word` set to
 *   `identifier`, tree-sitter's keyword extraction makes a keyword only where the grammar expects it,
 *   so Flink's non-reserved words (`name`, `type`, `comment`, `value`, …) still work as identifiers.
 * - The grammar is deliberately a little more permissive than Flink's parser (clauses of CREATE TABLE
 *   in any order, generic function arguments with `FROM`/`FOR`/`AS type` glue, …): it is an editor
 *   grammar, and fewer special cases keep the parse table small and errors local.
 * - A script is statements separated by `;`, so error recovery re-synchronises at the next `;`.
 */

const KEYWORD = { type: 'SYMBOL', name: 'keyword' };

/** Case-insensitive regex for a word. */
function ci(word) {
  return new RegExp(
    word
      .split('')
      .map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c))
      .join(''),
  );
}

/** A keyword (one or more words, each its own `keyword` node). */
function K(...words) {
  const parts = words.map((w) => alias(ci(w), KEYWORD));
  return parts.length === 1 ? parts[0] : seq(...parts);
}

function commaSep1(rule) {
  return seq(rule, repeat(seq(',', rule)));
}

function commaSep(rule) {
  return optional(commaSep1(rule));
}

function parens(rule) {
  return seq('(', rule, ')');
}

const IF_EXISTS = () => K('if', 'exists');
const IF_NOT_EXISTS = () => K('if', 'not', 'exists');

const RESERVED = [
  'all', 'alter', 'and', 'as', 'between', 'by', 'case', 'create', 'cross', 'distinct', 'drop',
  'else', 'end', 'except', 'exists', 'false', 'for', 'from', 'full', 'group', 'having', 'in',
  'inner', 'insert', 'intersect', 'interval', 'into', 'is', 'join', 'lateral', 'like', 'limit',
  'natural', 'not', 'null', 'on', 'or', 'order', 'outer', 'over', 'select', 'set', 'table', 'then',
  'true', 'union', 'using', 'values', 'when', 'where', 'with',
];

const PREC = {
  or: 1,
  and: 2,
  not: 3,
  comparison: 4,
  concat: 5,
  additive: 6,
  multiplicative: 7,
  unary: 8,
  postfix: 9,
};

module.exports = grammar({
  name: 'flinksql',

  extras: ($) => [/\s/, $.comment],

  word: ($) => $.identifier,

  // Words that are never a bare identifier in Flink SQL (Calcite reserves them; a column with such a
  // name needs backticks). Reserving them keeps `SELECT | FROM t` from reading FROM as a column while
  // the user types, and makes errors land where the user is. Function-like reserved words (LEFT,
  // COUNT, YEAR …) and type names (DATE, TIMESTAMP …) stay identifiers on purpose.
  reserved: {
    global: (_) => RESERVED.map(ci),
  },

  conflicts: ($) => [
    // ROW<a ARRAY<INT>> (field `a` of type ARRAY<INT>) vs ROW<a ARRAY> (type `a ARRAY`).
    [$._name_part, $._simple_name],
  ],

  rules: {
    source_file: ($) => seq(optional($._statement), repeat(seq(';', optional($._statement)))),

    _statement: ($) =>
      choice(
        $.query,
        $.insert_statement,
        $.create_table_statement,
        $.create_view_statement,
        $.create_function_statement,
        $.create_catalog_statement,
        $.create_database_statement,
        $.create_materialized_table_statement,
        $.create_model_statement,
        $.create_connection_statement,
        $.alter_table_statement,
        $.alter_materialized_table_statement,
        $.alter_view_statement,
        $.alter_function_statement,
        $.alter_catalog_statement,
        $.alter_database_statement,
        $.alter_model_statement,
        $.alter_connection_statement,
        $.drop_statement,
        $.show_statement,
        $.describe_statement,
        $.explain_statement,
        $.use_statement,
        $.load_module_statement,
        $.unload_module_statement,
        $.jar_statement,
        $.set_statement,
        $.reset_statement,
        $.begin_statement_set,
        $.end_statement,
        $.execute_statement,
        $.compile_plan_statement,
        $.analyze_statement,
        $.truncate_statement,
        $.delete_statement,
        $.update_statement,
        $.call_statement,
        $.stop_job_statement,
        $.client_command,
      ),

    // ───────────────────────────── DDL: CREATE ─────────────────────────────

    create_table_statement: ($) =>
      seq(
        choice(seq(K('create'), optional(K('or', 'replace'))), K('replace')),
        optional(K('temporary')),
        K('table'),
        optional(IF_NOT_EXISTS()),
        field('name', $.object_name),
        optional($.table_element_list),
        repeat($._table_clause),
        optional(seq(K('as'), $.query)),
      ),

    create_materialized_table_statement: ($) =>
      seq(
        K('create'),
        optional(K('or', 'alter')),
        K('materialized', 'table'),
        optional(IF_NOT_EXISTS()),
        field('name', $.object_name),
        optional($.table_element_list),
        repeat($._table_clause),
        K('as'),
        $.query,
      ),

    create_view_statement: ($) =>
      seq(
        K('create'),
        optional(K('temporary')),
        K('view'),
        optional(IF_NOT_EXISTS()),
        field('name', $.object_name),
        optional($.column_list),
        optional($.comment_clause),
        K('as'),
        $.query,
      ),

    create_function_statement: ($) =>
      seq(
        K('create'),
        optional(seq(K('temporary'), optional(K('system')))),
        K('function'),
        optional(IF_NOT_EXISTS()),
        field('name', $.object_name),
        K('as'),
        field('class', $.string),
        optional($.language_clause),
        optional($.using_clause),
        optional($.with_options),
      ),

    language_clause: ($) => seq(K('language'), $.identifier),
    using_clause: ($) =>
      seq(K('using'), commaSep1(seq(choice(K('jar'), K('artifact')), $.string))),

    create_catalog_statement: ($) =>
      seq(
        K('create', 'catalog'),
        optional(IF_NOT_EXISTS()),
        field('name', $.object_name),
        optional($.comment_clause),
        optional($.with_options),
      ),

    create_database_statement: ($) =>
      seq(
        K('create', 'database'),
        optional(IF_NOT_EXISTS()),
        field('name', $.object_name),
        optional($.comment_clause),
        optional($.with_options),
      ),

    create_model_statement: ($) =>
      seq(
        K('create'),
        optional(K('temporary')),
        K('model'),
        optional(IF_NOT_EXISTS()),
        field('name', $.object_name),
        optional(seq(K('input'), $.table_element_list)),
        optional(seq(K('output'), $.table_element_list)),
        optional($.comment_clause),
        optional($.with_options),
        optional(seq(K('as'), $.query)),
      ),

    // Connections (FLIP-529, Flink 2.x): named, reusable connector settings.
    create_connection_statement: ($) =>
      seq(
        K('create'),
        optional(seq(K('temporary'), optional(K('system')))),
        K('connection'),
        optional(IF_NOT_EXISTS()),
        field('name', $.object_name),
        optional($.comment_clause),
        optional($.with_options),
      ),

    table_element_list: ($) => parens(commaSep($._table_element)),

    _table_element: ($) =>
      choice(
        $.column_definition,
        $.computed_column,
        $.watermark_definition,
        $.table_constraint,
      ),

    column_definition: ($) =>
      seq(field('name', $.object_name), field('type', $.data_type), repeat($._column_attribute)),

    computed_column: ($) =>
      seq(
        field('name', $.object_name),
        K('as'),
        field('expression', $._expression),
        repeat(choice($.comment_clause, $.column_position)),
      ),

    _column_attribute: ($) =>
      choice($.column_constraint, $.metadata_clause, $.comment_clause, $.column_position),

    column_constraint: ($) =>
      seq(
        optional(seq(K('constraint'), $._simple_name)),
        choice(K('primary', 'key'), K('unique')),
        optional($._enforcement),
      ),

    _enforcement: ($) => seq(optional(K('not')), K('enforced')),

    metadata_clause: ($) =>
      prec.right(seq(K('metadata'), optional(seq(K('from'), $.string)), optional(K('virtual')))),

    column_position: ($) => choice(K('first'), seq(K('after'), $.object_name)),

    watermark_definition: ($) =>
      seq(K('watermark', 'for'), field('column', $.object_name), K('as'), $._expression),

    table_constraint: ($) =>
      seq(
        optional(seq(K('constraint'), $._simple_name)),
        choice(K('primary', 'key'), K('unique')),
        $.column_list,
        optional($._enforcement),
      ),

    column_list: ($) => parens(commaSep1($.object_name)),

    _table_clause: ($) =>
      choice(
        $.comment_clause,
        $.distribution,
        $.partitioned_by,
        $.with_options,
        $.like_clause,
        $.freshness_clause,
        $.refresh_mode_clause,
        $.using_connection_clause,
      ),

    using_connection_clause: ($) => seq(K('using', 'connection'), $.object_name),

    comment_clause: ($) => seq(K('comment'), $.string),

    partitioned_by: ($) => seq(K('partitioned', 'by'), $.column_list),

    distribution: ($) =>
      seq(
        K('distributed'),
        choice(
          seq(K('by'), optional(choice(K('hash'), K('range'))), $.column_list, optional($._buckets)),
          $._buckets,
        ),
      ),

    _buckets: ($) => seq(K('into'), $.number, K('buckets')),

    distribution_spec: ($) =>
      seq(
        K('distribution', 'by'),
        optional(choice(K('hash'), K('range'))),
        $.column_list,
        optional($._buckets),
      ),

    freshness_clause: ($) => seq(K('freshness'), '=', $._expression),
    refresh_mode_clause: ($) => seq(K('refresh_mode'), '=', choice(K('full'), K('continuous'))),

    with_options: ($) => seq(K('with'), $.property_list),

    property_list: ($) => seq('(', commaSep($.property), optional(','), ')'),

    property: ($) =>
      seq(
        field('key', choice($.string, $.object_name)),
        '=',
        field('value', choice($.string, $.number, $.boolean, $.object_name)),
      ),

    key_list: ($) => seq('(', commaSep($.string), ')'),

    like_clause: ($) =>
      seq(K('like'), field('source', $.object_name), optional(parens(repeat($.like_option)))),

    like_option: ($) =>
      seq(
        choice(K('including'), K('excluding'), K('overwriting')),
        choice(
          K('all'),
          K('constraints'),
          K('distribution'),
          K('partitions'),
          K('watermarks'),
          K('generated'),
          K('metadata'),
          K('options'),
        ),
      ),

    // ───────────────────────────── DDL: ALTER / DROP ─────────────────────────────

    alter_table_statement: ($) =>
      seq(
        K('alter', 'table'),
        optional(IF_EXISTS()),
        field('name', $.object_name),
        choice(
          seq(K('rename', 'to'), $.object_name),
          seq(K('rename'), $.object_name, K('to'), $.object_name),
          seq(K('set'), $.property_list),
          seq(K('reset'), $.key_list),
          seq(choice(K('add'), K('modify')), choice($._table_element, $.table_element_list, $.distribution_spec)),
          seq(K('add'), optional(IF_NOT_EXISTS()), repeat1(seq($.partition_spec, optional($.with_options)))),
          seq(
            K('drop'),
            choice(
              $.object_name,
              $.column_list,
              K('primary', 'key'),
              seq(K('constraint'), $._simple_name),
              K('watermark'),
              K('distribution'),
              seq(optional(IF_EXISTS()), commaSep1($.partition_spec)),
            ),
          ),
          seq(optional($.partition_spec), K('compact')),
          seq(K('as'), $.query),
        ),
      ),

    alter_materialized_table_statement: ($) =>
      seq(
        K('alter', 'materialized', 'table'),
        optional(IF_EXISTS()),
        field('name', $.object_name),
        choice(
          K('suspend'),
          seq(K('resume'), optional($.with_options)),
          seq(K('refresh'), optional($.partition_spec)),
          seq(K('set'), choice($.property_list, $.freshness_clause, $.refresh_mode_clause)),
          seq(K('reset'), $.key_list),
          seq(choice(K('add'), K('modify')), choice($._table_element, $.table_element_list, $.distribution_spec)),
          seq(K('drop'), choice($.object_name, $.column_list, K('distribution'))),
          seq(K('as'), $.query),
        ),
      ),

    alter_view_statement: ($) =>
      seq(
        K('alter', 'view'),
        field('name', $.object_name),
        choice(seq(K('rename', 'to'), $.object_name), seq(K('as'), $.query)),
      ),

    alter_function_statement: ($) =>
      seq(
        K('alter'),
        optional(seq(K('temporary'), optional(K('system')))),
        K('function'),
        optional(IF_EXISTS()),
        field('name', $.object_name),
        K('as'),
        field('class', $.string),
        optional($.language_clause),
      ),

    alter_catalog_statement: ($) =>
      seq(
        K('alter', 'catalog'),
        field('name', $.object_name),
        choice(seq(K('set'), $.property_list), seq(K('reset'), $.key_list), $.comment_clause),
      ),

    alter_database_statement: ($) =>
      seq(K('alter', 'database'), field('name', $.object_name), K('set'), $.property_list),

    alter_model_statement: ($) =>
      seq(
        K('alter', 'model'),
        optional(IF_EXISTS()),
        field('name', $.object_name),
        choice(
          seq(K('set'), $.property_list),
          seq(K('reset'), $.key_list),
          seq(K('rename', 'to'), $.object_name),
        ),
      ),

    alter_connection_statement: ($) =>
      seq(
        K('alter'),
        optional(seq(K('temporary'), optional(K('system')))),
        K('connection'),
        optional(IF_EXISTS()),
        field('name', $.object_name),
        choice(
          seq(K('set'), $.property_list),
          seq(K('reset'), $.key_list),
          seq(K('rename', 'to'), $.object_name),
          $.comment_clause,
        ),
      ),

    drop_statement: ($) =>
      seq(
        K('drop'),
        optional(seq(K('temporary'), optional(K('system')))),
        field(
          'kind',
          choice(
            K('table'),
            K('view'),
            K('function'),
            K('catalog'),
            K('database'),
            K('model'),
            K('connection'),
            K('materialized', 'table'),
          ),
        ),
        optional(IF_EXISTS()),
        field('name', $.object_name),
        optional(choice(K('restrict'), K('cascade'))),
      ),

    partition_spec: ($) =>
      seq(K('partition'), parens(commaSep1(seq($.object_name, optional(seq('=', $._expression)))))),

    // ───────────────────────────── DML ─────────────────────────────

    insert_statement: ($) =>
      seq(
        K('insert'),
        choice(K('into'), K('overwrite')),
        optional(K('table')),
        field('table', $.object_name),
        optional($.hint),
        repeat(choice($.partition_spec, $.insert_column_list)),
        $.query,
        optional($.on_conflict_clause),
      ),

    // Flink 2.x sink upsert behaviour: ON CONFLICT DO NOTHING | DO DEDUPLICATE | DO ERROR.
    on_conflict_clause: ($) => seq(K('on', 'conflict', 'do'), $.identifier),

    insert_column_list: ($) => parens(commaSep1(seq($.object_name, optional($.data_type)))),

    delete_statement: ($) =>
      seq(
        K('delete', 'from'),
        field('table', $.object_name),
        optional($._alias),
        optional($.where_clause),
      ),

    update_statement: ($) =>
      seq(
        K('update'),
        field('table', $.object_name),
        optional($._alias),
        K('set'),
        commaSep1($.assignment),
        optional($.where_clause),
      ),

    assignment: ($) => seq($.object_name, '=', $._expression),

    truncate_statement: ($) => seq(K('truncate', 'table'), field('table', $.object_name)),

    analyze_statement: ($) =>
      seq(
        K('analyze', 'table'),
        field('table', $.object_name),
        optional($.partition_spec),
        K('compute', 'statistics'),
        optional(
          seq(K('for'), choice(K('all', 'columns'), seq(K('columns'), commaSep1($.object_name)))),
        ),
      ),

    call_statement: ($) => seq(K('call'), $.function_call),

    // ───────────────────────────── Statement sets, plans, jobs ─────────────────────────────

    begin_statement_set: ($) => K('begin', 'statement', 'set'),
    end_statement: ($) => K('end'),

    statement_set: ($) =>
      seq(
        K('statement', 'set', 'begin'),
        repeat(seq(choice($.insert_statement, $.query), ';')),
        K('end'),
      ),

    execute_statement: ($) =>
      seq(
        K('execute'),
        choice(
          $.statement_set,
          $.insert_statement,
          $.query,
          seq(K('plan'), field('plan', $.string)),
        ),
      ),

    compile_plan_statement: ($) =>
      seq(
        K('compile'),
        optional(K('and', 'execute')),
        K('plan'),
        field('plan', $.string),
        optional(IF_NOT_EXISTS()),
        K('for'),
        choice($.statement_set, $.insert_statement),
      ),

    explain_statement: ($) =>
      seq(
        K('explain'),
        optional(choice(K('plan', 'for'), commaSep1($.explain_detail))),
        choice(
          $.query,
          $.insert_statement,
          $.statement_set,
          $.execute_statement,
          $.create_table_statement,
        ),
      ),

    explain_detail: ($) => $.identifier,

    stop_job_statement: ($) =>
      seq(
        K('stop', 'job'),
        field('job', $.string),
        repeat(seq(K('with'), choice(K('savepoint'), K('drain')))),
      ),

    // ───────────────────────────── Catalog / session ─────────────────────────────

    show_statement: ($) =>
      seq(
        K('show'),
        choice(
          seq(
            K('create'),
            choice(
              K('table'),
              K('view'),
              K('catalog'),
              K('database'),
              K('model'),
              K('function'),
              K('connection'),
              K('materialized', 'table'),
            ),
            field('name', $.object_name),
          ),
          seq(K('current'), choice(K('catalog'), K('database'))),
          seq(K('partitions'), field('name', $.object_name), optional($.partition_spec)),
          seq(
            optional(choice(K('full'), K('user'))),
            choice(
              K('catalogs'),
              K('databases'),
              K('tables'),
              K('views'),
              K('functions'),
              K('procedures'),
              K('modules'),
              K('jars'),
              K('jobs'),
              K('models'),
              K('connections'),
              K('columns'),
              K('materialized', 'tables'),
            ),
            optional(seq(choice(K('from'), K('in')), field('name', $.object_name))),
            optional(seq(optional(K('not')), choice(K('like'), K('ilike')), $.string)),
          ),
        ),
      ),

    describe_statement: ($) =>
      seq(
        choice(K('describe'), K('desc')),
        choice(
          seq(K('job'), field('job', $.string)),
          seq(
            optional(
              choice(
                K('catalog'),
                K('database'),
                K('model'),
                K('function'),
                K('table'),
                K('view'),
                K('connection'),
                K('materialized', 'table'),
              ),
            ),
            optional(K('extended')),
            field('name', $.object_name),
          ),
        ),
      ),

    use_statement: ($) =>
      seq(
        K('use'),
        choice(
          seq(K('catalog'), field('name', $.object_name)),
          seq(K('modules'), commaSep1($.identifier)),
          field('name', $.object_name),
        ),
      ),

    load_module_statement: ($) =>
      seq(K('load', 'module'), field('name', $.identifier), optional($.with_options)),
    unload_module_statement: ($) => seq(K('unload', 'module'), field('name', $.identifier)),

    jar_statement: ($) => seq(choice(K('add'), K('remove')), K('jar'), field('path', $.string)),

    set_statement: ($) =>
      seq(
        K('set'),
        optional(
          seq(
            field('key', choice($.string, $.config_key)),
            '=',
            field('value', choice($.string, $.placeholder, $.config_value)),
          ),
        ),
      ),

    reset_statement: ($) => seq(K('reset'), optional(field('key', choice($.string, $.config_key)))),

    config_key: (_) => /[A-Za-z_][A-Za-z0-9_.\-]*/,
    config_value: (_) => token(prec(-1, /[^\s;'"]([^;\n]*[^\s;])?/)),

    client_command: ($) => choice(K('help'), K('quit'), K('exit'), K('clear')),

    // ───────────────────────────── Queries ─────────────────────────────

    query: ($) =>
      seq(
        optional($.with_clause),
        $._query_body,
        optional($.order_by_clause),
        optional($.limit_clause),
      ),

    // `((SELECT 1))` in an expression reads as a parenthesised subquery, hence the lower precedence.
    _query_body: ($) => choice($.select, $.values, $.set_operation, prec(-1, $.subquery)),

    with_clause: ($) => seq(K('with'), commaSep1($.cte)),

    cte: ($) =>
      seq(field('name', $.identifier), optional($.column_list), K('as'), parens($.query)),

    set_operation: ($) =>
      prec.left(
        seq(
          field('left', $._query_body),
          choice(K('union'), K('intersect'), K('except'), K('minus')),
          optional(choice(K('all'), K('distinct'))),
          field('right', $._query_body),
        ),
      ),

    subquery: ($) => parens($.query),

    values: ($) => prec.right(seq(K('values'), commaSep1($._expression))),

    select: ($) =>
      prec.right(
        seq(
          K('select'),
          optional($.hint),
          optional(choice(K('all'), K('distinct'))),
          $.select_list,
          optional($.from_clause),
          optional($.where_clause),
          optional($.group_by_clause),
          optional($.having_clause),
          optional($.window_clause),
          optional($.qualify_clause),
        ),
      ),

    select_list: ($) => commaSep1($.select_item),

    select_item: ($) => choice('*', seq($._expression, optional($._alias))),

    _alias: ($) => seq(optional(K('as')), field('alias', $._simple_name)),

    from_clause: ($) => seq(K('from'), commaSep1($._from_item)),

    _from_item: ($) => choice($.table_reference, $.join),

    // Right-associative so that `ON` after the right table is its condition, not INSERT's
    // `ON CONFLICT`.
    join: ($) =>
      prec.right(
        seq(
          field('left', $._from_item),
          optional($.join_type),
          K('join'),
          field('right', $.table_reference),
          optional(
            choice(seq(K('on'), field('condition', $._expression)), seq(K('using'), $.column_list)),
          ),
        ),
      ),

    join_type: ($) =>
      choice(
        K('natural'),
        K('inner'),
        K('cross'),
        seq(optional(K('natural')), choice(K('left'), K('right'), K('full')), optional(K('outer'))),
      ),

    table_reference: ($) =>
      prec.right(
        seq(
          choice(
            seq(
              field('table', $.object_name),
              optional($.hint),
              optional(seq(K('for', 'system_time', 'as', 'of'), $._expression)),
            ),
            $.subquery,
            $.function_call,
            seq(optional(K('lateral')), K('table'), parens($.function_call)),
            seq(K('lateral'), $.subquery),
            seq(
              optional(K('lateral')),
              K('unnest'),
              parens(commaSep1($._expression)),
              optional(K('with', 'ordinality')),
            ),
          ),
          optional($.match_recognize),
          optional(seq($._alias, optional($.column_list))),
        ),
      ),

    where_clause: ($) => seq(K('where'), $._expression),

    group_by_clause: ($) => seq(K('group', 'by'), commaSep1($._group_item)),

    _group_item: ($) => choice($._expression, $.grouping_sets, seq('(', ')')),

    grouping_sets: ($) => seq(K('grouping', 'sets'), parens(commaSep1($._group_item))),

    having_clause: ($) => seq(K('having'), $._expression),

    qualify_clause: ($) => seq(K('qualify'), $._expression),

    window_clause: ($) =>
      seq(K('window'), commaSep1(seq(field('name', $.identifier), K('as'), $.window_specification))),

    window_specification: ($) =>
      seq(
        '(',
        optional($.partition_by),
        optional($.order_by_clause),
        optional($.window_frame),
        ')',
      ),

    partition_by: ($) => seq(K('partition', 'by'), commaSep1($._expression)),

    window_frame: ($) =>
      seq(
        choice(K('rows'), K('range')),
        choice(seq(K('between'), $.frame_bound, K('and'), $.frame_bound), $.frame_bound),
      ),

    frame_bound: ($) =>
      choice(
        seq(K('unbounded'), choice(K('preceding'), K('following'))),
        K('current', 'row'),
        seq($._expression, choice(K('preceding'), K('following'))),
      ),

    order_by_clause: ($) => seq(K('order', 'by'), commaSep1($.order_item)),

    order_item: ($) =>
      seq(
        $._expression,
        optional(choice(K('asc'), K('desc'))),
        optional(seq(K('nulls'), choice(K('first'), K('last')))),
      ),

    limit_clause: ($) =>
      choice(
        seq(K('limit'), choice($._expression, K('all')), optional(seq(K('offset'), $._expression))),
        seq(
          K('offset'),
          $._expression,
          optional(choice(K('row'), K('rows'))),
          optional($._fetch),
        ),
        $._fetch,
      ),

    _fetch: ($) =>
      seq(
        K('fetch'),
        choice(K('first'), K('next')),
        optional($._expression),
        choice(K('row'), K('rows')),
        K('only'),
      ),

    match_recognize: ($) =>
      seq(
        K('match_recognize'),
        '(',
        optional($.partition_by),
        optional($.order_by_clause),
        optional(seq(K('measures'), commaSep1($.measure))),
        optional(choice(K('one', 'row', 'per', 'match'), K('all', 'rows', 'per', 'match'))),
        optional(seq(K('after', 'match', 'skip'), $._skip_to)),
        K('pattern'),
        parens($._pattern),
        optional(seq(K('within'), $._expression)),
        optional(seq(K('subset'), commaSep1(seq($.identifier, '=', parens(commaSep1($.identifier)))))),
        K('define'),
        commaSep1(seq(field('variable', $.identifier), K('as'), $._expression)),
        ')',
      ),

    measure: ($) =>
      seq(optional(choice(K('final'), K('running'))), $._expression, K('as'), field('name', $.identifier)),

    _skip_to: ($) =>
      choice(
        K('past', 'last', 'row'),
        K('to', 'next', 'row'),
        seq(K('to'), optional(choice(K('first'), K('last'))), $.identifier),
      ),

    _pattern: ($) => prec.left(seq($._pattern_seq, repeat(seq('|', $._pattern_seq)))),
    _pattern_seq: ($) => repeat1($.pattern_term),
    pattern_term: ($) =>
      seq(
        choice($.identifier, parens($._pattern), seq('{-', $._pattern, '-}'), '^', '$'),
        optional($.quantifier),
      ),
    quantifier: ($) =>
      seq(
        choice('*', '+', '?', seq('{', optional($.number), optional(seq(',', optional($.number))), '}')),
        optional('?'),
      ),

    // ───────────────────────────── Hints ─────────────────────────────

    hint: ($) => seq('/*+', repeat(seq($.hint_item, optional(','))), '*/'),

    hint_item: ($) =>
      seq(
        field('name', $.identifier),
        optional(parens(commaSep(choice($.property, $.object_name, $.string, $.number)))),
      ),

    // ───────────────────────────── Expressions ─────────────────────────────

    _expression: ($) =>
      choice(
        $._literal,
        // `${var}` alone is a column_reference holding a placeholder.
        alias($.object_name, $.column_reference),
        // Words that are keywords inside function arguments (JSON_OBJECT(KEY …), ML_PREDICT(…, MODEL m,
        // DESCRIPTOR(…))) but ordinary column names elsewhere: `SUM(key)`, `WHERE model = 'x'`.
        // (High precedence: `KEY - 1` is `key` minus one, not `KEY -1 VALUE …`.)
        prec(PREC.postfix + 1, alias(K('key'), $.column_reference)),
        prec(PREC.postfix + 1, alias(K('model'), $.column_reference)),
        prec(PREC.postfix + 1, alias(K('descriptor'), $.column_reference)),
        $.function_call,
        $.parenthesized_expression,
        $.subquery,
        $.case_expression,
        $.exists_expression,
        $.interval,
        $.typed_literal,
        $.array_constructor,
        $.unary_expression,
        $.binary_expression,
        $.is_expression,
        $.between_expression,
        $.like_expression,
        $.in_expression,
        $.quantified_comparison,
        $.subscript_expression,
        $.field_access,
      ),

    _literal: ($) =>
      choice($.number, $.string, alias($.prefixed_string, $.string), $.boolean, $.null),

    // X'0A1B' (binary), U&'\0041' (unicode escapes), N'…' and _UTF16'…' (charset) literals.
    prefixed_string: (_) =>
      token(
        choice(/[xX]'[0-9a-fA-F\s]*'/, /[uU]&'([^']|'')*'/, /([nN]|_[A-Za-z0-9]+)'([^']|'')*'/),
      ),

    boolean: ($) => choice(K('true'), K('false'), K('unknown')),
    null: ($) => K('null'),

    parenthesized_expression: ($) => parens(commaSep1($._expression)),

    unary_expression: ($) =>
      choice(
        prec(PREC.unary, seq(field('operator', choice('-', '+')), field('operand', $._expression))),
        prec(PREC.not, seq(field('operator', K('not')), field('operand', $._expression))),
      ),

    binary_expression: ($) => {
      const table = [
        [PREC.or, K('or')],
        [PREC.and, K('and')],
        [PREC.comparison, choice('=', '<>', '!=', '<', '>', '<=', '>=')],
        [PREC.concat, '||'],
        [PREC.additive, choice('+', '-')],
        [PREC.multiplicative, choice('*', '/', '%')],
      ];
      return choice(
        ...table.map(([p, op]) =>
          prec.left(
            p,
            seq(field('left', $._expression), field('operator', op), field('right', $._expression)),
          ),
        ),
      );
    },

    quantified_comparison: ($) =>
      prec.left(
        PREC.comparison,
        seq(
          $._expression,
          choice('=', '<>', '!=', '<', '>', '<=', '>='),
          choice(K('any'), K('some'), K('all')),
          $.subquery,
        ),
      ),

    is_expression: ($) =>
      prec.left(
        PREC.comparison,
        seq(
          $._expression,
          K('is'),
          optional(K('not')),
          choice(
            $.null,
            $.boolean,
            seq(K('distinct', 'from'), $._expression),
            prec.right(
              seq(K('json'), optional(choice(K('value'), K('scalar'), K('array'), K('object')))),
            ),
          ),
        ),
      ),

    between_expression: ($) =>
      prec.left(
        PREC.comparison,
        seq(
          $._expression,
          optional(K('not')),
          K('between'),
          optional(choice(K('symmetric'), K('asymmetric'))),
          $._expression,
          K('and'),
          $._expression,
        ),
      ),

    like_expression: ($) =>
      prec.left(
        PREC.comparison,
        seq(
          $._expression,
          optional(K('not')),
          choice(K('like'), K('ilike'), K('similar', 'to')),
          $._expression,
          optional(seq(K('escape'), $._expression)),
        ),
      ),

    in_expression: ($) =>
      prec.left(PREC.comparison, seq($._expression, optional(K('not')), K('in'), $._expression)),

    // `arr[1].name`, `f(x).name`, `(row_col).name`; `a.b.c` stays an object_name.
    field_access: ($) =>
      prec(PREC.postfix, seq($._expression, '.', field('field', $._simple_name))),

    subscript_expression: ($) => prec(PREC.postfix, seq($._expression, '[', $._expression, ']')),

    case_expression: ($) =>
      seq(
        K('case'),
        optional($._expression),
        repeat1(seq(K('when'), $._expression, K('then'), $._expression)),
        optional(seq(K('else'), $._expression)),
        K('end'),
      ),

    exists_expression: ($) => seq(K('exists'), $.subquery),

    typed_literal: ($) =>
      seq(choice(K('date'), K('time'), K('timestamp'), K('timestamp_ltz')), $.string),

    interval: ($) =>
      prec.right(
        seq(
          K('interval'),
          optional(choice('-', '+')),
          choice($.string, $.number, $.placeholder),
          $.time_unit,
          optional(seq(K('to'), $.time_unit)),
        ),
      ),

    time_unit: ($) => prec.right(seq($.identifier, optional(parens(commaSep1($.number))))),

    array_constructor: ($) =>
      seq(
        choice(K('array'), K('map'), K('multiset')),
        choice(seq('[', commaSep($._expression), ']'), $.subquery),
      ),

    function_call: ($) =>
      prec.right(
        seq(
          field('name', $.object_name),
          '(',
          optional(choice(K('distinct'), K('all'))),
          optional(field('arguments', $.argument_list)),
          ')',
          optional(seq(choice(K('ignore'), K('respect')), K('nulls'))),
          optional(seq(K('within', 'group'), parens($.order_by_clause))),
          optional(seq(K('filter'), parens($.where_clause))),
          optional(seq(K('over'), choice($.identifier, $.window_specification))),
        ),
      ),

    argument_list: ($) =>
      choice(
        seq(
          commaSep1($._argument),
          repeat($._argument_modifier),
          optional(seq($.order_by_clause, repeat($._argument_modifier))),
        ),
        $.order_by_clause,
      ),

    _argument: ($) =>
      choice(
        '*',
        $.named_argument,
        $._argument_value,
      ),

    // `MODEL => MODEL m` (ML_PREDICT): the parameter name may be the keyword itself.
    named_argument: ($) =>
      seq(field('name', choice($.identifier, K('model'))), '=>', field('value', $._argument_value)),

    _argument_value: ($) =>
      choice(
        $._expression,
        $.table_argument,
        $.descriptor,
        $.model_argument,
        $.cast_argument,
        $.keyword_argument,
      ),

    table_argument: ($) =>
      prec.right(
        seq(
          K('table'),
          $.object_name,
          // Single column or parenthesised list: a bare comma would be the next argument.
          optional(seq(K('partition', 'by'), choice($.object_name, $.column_list))),
          optional(seq(K('order', 'by'), choice($.object_name, $.column_list))),
        ),
      ),

    descriptor: ($) => seq(K('descriptor'), parens(commaSep1($.object_name))),

    model_argument: ($) => seq(K('model'), $.object_name),

    cast_argument: ($) => seq($._expression, K('as'), $.data_type),

    // EXTRACT(x FROM y), SUBSTRING(x FROM a FOR b), TRIM(BOTH x FROM y), OVERLAY(x PLACING y FROM a),
    // FLOOR(x TO unit), JSON_OBJECT(KEY k VALUE v)
    keyword_argument: ($) =>
      choice(
        seq(K('key'), $._expression, K('value'), $._expression),
        $._glued_argument,
      ),

    _glued_argument: ($) =>
      prec.right(
        seq(
          optional(choice(K('both'), K('leading'), K('trailing'))),
          optional($._expression),
          repeat1(
            seq(choice(K('from'), K('for'), K('placing'), K('to'), K('value')), $._expression),
          ),
        ),
      ),

    // JSON function clauses and null treatment inside an argument list.
    _argument_modifier: ($) =>
      choice(
        seq(K('returning'), $.data_type),
        seq(
          choice(
            $.null,
            K('error'),
            K('absent'),
            $.boolean,
            seq(K('empty'), optional(choice(K('array'), K('object')))),
            seq(K('default'), $._expression),
          ),
          K('on'),
          choice($.null, K('empty'), K('error')),
        ),
        seq(
          choice(K('with'), K('without')),
          optional(choice(K('conditional'), K('unconditional'))),
          optional(K('array')),
          K('wrapper'),
        ),
        seq(choice(K('respect'), K('ignore')), K('nulls')),
      ),

    // ───────────────────────────── Types ─────────────────────────────

    // Types are names with optional parameters, so new Flink types (VARIANT, STRUCTURED<…> …) parse
    // without grammar changes. `INT ARRAY` / `INT MULTISET` postfix forms are Flink-documented;
    // inside ROW<…> the field `a ARRAY<INT>` vs `a ARRAY` ambiguity is left to GLR (see conflicts).
    data_type: ($) =>
      prec.right(
        seq(
          choice(
            seq(
              $.type_name,
              optional(
                choice(
                  // DECIMAL(10, 2), RAW('class', 'snapshot'), ROW(a INT, b STRING), ROW()
                  parens(commaSep(choice($.number, $.string, $.field_definition))),
                  // ARRAY<INT>, MAP<K, V>, ROW<a INT 'doc'>, STRUCTURED<'class', a INT>, ROW<>
                  seq('<', commaSep(choice($.data_type, $.field_definition, $.string)), '>'),
                ),
              ),
            ),
            // Keywords here (they are postfix keywords too), hence their own alternative.
            seq(choice(K('array'), K('multiset')), '<', $.data_type, '>'),
            seq(K('interval'), $.time_unit, optional(seq(K('to'), $.time_unit))),
          ),
          optional(seq(choice(K('with'), K('without')), optional(K('local')), K('time', 'zone'))),
          repeat(choice(K('array'), K('multiset'), seq(K('not'), $.null), $.null)),
        ),
      ),

    type_name: ($) => prec.right(seq($.object_name, optional(K('precision')))),

    field_definition: ($) =>
      seq(field('name', $._simple_name), field('type', $.data_type), optional($.string)),

    // ───────────────────────────── Names and tokens ─────────────────────────────

    object_name: ($) => prec.right(seq($._name_part, repeat(seq('.', choice($._name_part, '*'))))),

    _name_part: ($) => choice($.identifier, $.quoted_identifier, $.placeholder),
    _simple_name: ($) => choice($.identifier, $.quoted_identifier),

    identifier: (_) => /[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_$\u00C0-\uFFFF]*/,
    quoted_identifier: (_) => /`([^`]|``)*`/,

    placeholder: (_) => token(prec(1, /\$\{[^}\n]*\}/)),

    number: (_) => /(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/,

    string: ($) =>
      seq(
        "'",
        repeat(
          choice(
            alias(token.immediate(prec(1, /([^'$]|''|\$[^{'])+|\$/)), $.string_content),
            alias(token.immediate(prec(2, /\$\{[^}'\n]*\}/)), $.placeholder),
          ),
        ),
        token.immediate("'"),
      ),

    comment: (_) =>
      token(
        choice(
          seq('--', /[^\n]*/),
          // A block comment, but not a hint: `/*+` opens a hint.
          /\/\*([^+*]|\*+[^*\/])([^*]|\*+[^*\/])*\*+\/|\/\*\*+\//,
        ),
      ),
  },
});
