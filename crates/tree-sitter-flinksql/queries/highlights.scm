; Flink SQL highlights.
;
; Capture names (Weir maps each to a highlight kind):
;   @keyword      reserved and non-reserved keywords, time units, EXPLAIN details
;   @function     the last part of a called function's name
;   @type         data type names (INT, STRING, ROW, MAP, user types …)
;   @string       string literals
;   @number       numeric literals
;   @comment      -- and /* */ comments
;   @operator     arithmetic, comparison and other operators
;   @punctuation  brackets, commas, dots, semicolons
;   @variable     ${var} and ${secret:name} placeholders, also inside strings
;   @property     option keys in WITH (…), SET/RESET keys, hint option keys
;   @attribute    hints: /*+ … */ and hint names
;   @identifier   any other name (tables, columns, aliases …)
;
; Precedence when captures overlap: a capture on an inner node wins over one on an enclosing node;
; for the same node, the pattern that comes first in this file wins. So specific patterns come
; first and the catch-all (identifier) pattern comes last.

(comment) @comment

(placeholder) @variable

; Option keys
(property
  key: (string) @property)
(property
  key: (object_name
    [(identifier) (quoted_identifier)] @property))
(config_key) @property
(set_statement
  key: (string) @property)
(reset_statement
  key: (string) @property)
(key_list
  (string) @property)

; Hints
[
  "/*+"
  "*/"
] @attribute
(hint_item
  name: (identifier) @attribute)

; Functions
(function_call
  name: (object_name
    [(identifier) (quoted_identifier)] @function .))

; Types
(type_name
  (object_name
    [(identifier) (quoted_identifier)] @type))

; Words that act as keywords but are identifiers in the grammar
(time_unit
  (identifier) @keyword)
(explain_detail
  (identifier) @keyword)

(keyword) @keyword

(string) @string
(config_value) @string
(number) @number

[
  "="
  "<>"
  "!="
  "<"
  ">"
  "<="
  ">="
  "+"
  "-"
  "*"
  "/"
  "%"
  "||"
  "=>"
] @operator

[
  "("
  ")"
  "["
  "]"
  "{"
  "}"
  ","
  ";"
  "."
] @punctuation

; A column named like an argument keyword (`SUM(key)`) has no identifier node inside.
(column_reference) @identifier

[
  (identifier)
  (quoted_identifier)
] @identifier
