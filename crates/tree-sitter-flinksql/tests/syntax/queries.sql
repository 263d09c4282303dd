-- Queries from the Flink docs' query pages (joins, windows, Top-N, JSON, time travel).
SELECT /*+ LOOKUP('table'='Customers', 'retry-predicate'='lookup_miss', 'retry-strategy'='fixed_delay', 'fixed-delay'='10s','max-attempts'='3') */ o.order_id, o.total, c.country, c.zip
FROM Orders AS o
  JOIN Customers FOR SYSTEM_TIME AS OF o.proc_time AS c
    ON o.customer_id = c.id;
SELECT * FROM Orders o, Shipments s WHERE o.id = s.order_id AND o.order_time BETWEEN s.ship_time - INTERVAL '4' HOUR AND s.ship_time;
SELECT * FROM input_table, LATERAL TABLE(VECTOR_SEARCH(TABLE vector_table, input_table.vector_column, DESCRIPTOR(index_column), 10));
SELECT supplier_id, rating, product_id, COUNT(*), GROUPING(supplier_id) FROM (VALUES ('supplier1', 'product1', 4), ('supplier1', 'product2', 3)) AS Products(supplier_id, product_id, rating) GROUP BY GROUPING SETS ((supplier_id, rating), (supplier_id), ());
SELECT * FROM t FOR SYSTEM_TIME AS OF TIMESTAMP '2023-07-31 00:00:00' - INTERVAL '1' DAY;
SELECT user, product, amount FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY user ORDER BY amount DESC) AS row_num FROM Orders) WHERE row_num <= 2;
SELECT order_id, price + tax AS total FROM Orders WHERE price > 10 ORDER BY total DESC LIMIT 3 OFFSET 1;
SELECT * FROM (
    SELECT bidtime, price, item, supplier_id, window_start, window_end, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price DESC) as rownum
    FROM TABLE(TUMBLE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES))
  ) WHERE rownum <= 3;
SELECT L.num as L_Num, L.id as L_Id, R.num as R_Num, R.id as R_Id, COALESCE(L.window_start, R.window_start) as window_start
FROM (SELECT * FROM TABLE(TUMBLE(TABLE LeftTable, DESCRIPTOR(row_time), INTERVAL '5' MINUTES))) L
FULL JOIN (SELECT * FROM TABLE(TUMBLE(TABLE RightTable, DESCRIPTOR(row_time), INTERVAL '5' MINUTES))) R
ON L.num = R.num AND L.window_start = R.window_start AND L.window_end = R.window_end;
SELECT JSON_OBJECT('name' VALUE name, 'age' VALUE age ABSENT ON NULL), JSON_ARRAYAGG(x ORDER BY y NULL ON NULL), JSON_OBJECTAGG(KEY k VALUE v), JSON_STRING(ROW(1)), s IS JSON SCALAR FROM t;
SELECT CURRENT_WATERMARK(ts), TO_TIMESTAMP_LTZ(ms, 3), DATE_FORMAT(ts, 'yyyy-MM-dd'), IF(a > 0, 'p', 'n'), `value`, LEFT(s, 2), REPLACE(s, 'a', 'b') FROM t;

-- Prefixed literals and window TVF named parameters.
SELECT X'0AFF', U&'\0041', N'abc', _UTF16'x', x, n, _c FROM t WHERE n='a' AND x = 'b';
SELECT * FROM TABLE(TUMBLE(DATA => TABLE Bid, TIMECOL => DESCRIPTOR(bidtime), SIZE => INTERVAL '10' MINUTES, OFFSET => INTERVAL '1' MINUTES));

-- Argument keywords used as column names.
SELECT key, model, descriptor, SUM(key), COUNT(model), MAX(key + 1), JSON_OBJECT(KEY 'a' VALUE 1, KEY k VALUE v), f(key, model) FROM t WHERE model = 'x' AND key IN (1, 2);
SELECT * FROM ML_PREDICT(TABLE t, MODEL m, DESCRIPTOR(a, b));
SELECT * FROM ML_PREDICT(INPUT => TABLE t, MODEL => MODEL m, ARGS => DESCRIPTOR(a));

-- Field access on expressions.
SELECT arr[1].name, f(x).y, (r).z, a.b.c, t.*, m['k'].v FROM t;

-- From Flink's parser tests (2.x): model arguments, connections, UNNEST, new types.
select * from table(ml_predict(TABLE my_table, MODEL my_model));
select * from func(TABLE my_table, MODEL cat.db.my_model);
select * from table(ml_predict(INPUT => TABLE my_table, model => MODEL my_model));
describe connection extended conn1;
desc connection extended catalog1.db1.conn1;
show connections not like 'temp_%';
select*from unnest(x);
select*from unnest(x) AS T;
select * from dept, unnest(dept.employees, dept.managers);
select * from dept, lateral unnest(dept.employees);
SELECT item.name, relations.* FROM dfs.tmp item JOIN (SELECT * FROM UNNEST(item.related) i(rels)) relations ON TRUE;
CREATE TABLE t (v variant, w VARIANT NOT NULL, bm bitmap NOT NULL, g geography)

