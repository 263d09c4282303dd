-- DML and queries.
INSERT INTO sink /*+ OPTIONS('sink.parallelism' = '2') */ SELECT * FROM src;
INSERT OVERWRITE sink PARTITION (dt = '2024-01-01', hr) (a, b) SELECT a, b FROM src;
INSERT INTO sink VALUES (1, 'a'), (2, 'b');
INSERT INTO sink (SELECT * FROM src);
WITH a AS (SELECT 1 AS x), b (y) AS (SELECT 2) SELECT x FROM a UNION ALL SELECT y FROM b ORDER BY 1 LIMIT 10;
SELECT DISTINCT a, b AS bb, c cc, t.*, *, COUNT(DISTINCT d) FILTER (WHERE d > 0) AS n
FROM src AS t
WHERE a IS NOT DISTINCT FROM b AND c NOT LIKE 'x%' ESCAPE '!' AND d NOT IN (SELECT d FROM u) AND e NOT BETWEEN SYMMETRIC 1 AND 2
  AND EXISTS (SELECT 1 FROM v WHERE v.id = t.id) AND f = ANY (SELECT f FROM w) AND g IS JSON OBJECT
GROUP BY GROUPING SETS ((a, b), (a), ()), ROLLUP(a, b), CUBE(c)
HAVING COUNT(*) > 1;
SELECT window_start, window_end, SUM(price) FROM TABLE(
  HOP(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '5' MINUTES, INTERVAL '10' MINUTES))
GROUP BY window_start, window_end;
SELECT * FROM TABLE(CUMULATE(DATA => TABLE Bid, TIMECOL => DESCRIPTOR(bidtime), STEP => INTERVAL '2' MINUTES, SIZE => INTERVAL '10' MINUTES));
SELECT * FROM TABLE(SESSION(TABLE Bid PARTITION BY item, DESCRIPTOR(bidtime), INTERVAL '5' MINUTES));
SELECT * FROM f(r => TABLE t PARTITION BY name, on_time => DESCRIPTOR(ts), uid => 'f1');
SELECT * FROM ML_PREDICT(TABLE src, MODEL m, DESCRIPTOR(text));
SELECT o.id, r.rate FROM orders AS o JOIN rates FOR SYSTEM_TIME AS OF o.order_time AS r ON o.currency = r.currency;
SELECT * FROM a LEFT OUTER JOIN b ON a.id = b.id RIGHT JOIN c USING (id) FULL OUTER JOIN d ON TRUE CROSS JOIN e INNER JOIN f ON f.x = e.x;
SELECT * FROM t, LATERAL TABLE(split(t.s)) AS T(word, len);
SELECT * FROM t LEFT JOIN LATERAL TABLE(split(t.s)) AS T(word) ON TRUE;
SELECT * FROM t CROSS JOIN UNNEST(t.arr) AS u (x);
SELECT * FROM t CROSS JOIN UNNEST(t.arr) WITH ORDINALITY AS u (x, pos);
SELECT product, amount, SUM(amount) OVER (PARTITION BY product ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS s,
  AVG(amount) OVER (PARTITION BY product ORDER BY ts RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW),
  ROW_NUMBER() OVER w AS rn
FROM orders
WINDOW w AS (PARTITION BY product ORDER BY ts DESC NULLS LAST);
SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY id ORDER BY ts DESC) AS rn FROM t) WHERE rn <= 3;
SELECT * FROM Ticker MATCH_RECOGNIZE (
  PARTITION BY symbol
  ORDER BY rowtime
  MEASURES
    START_ROW.rowtime AS start_tstamp,
    LAST(PRICE_DOWN.rowtime) AS bottom_tstamp,
    FINAL LAST(PRICE_UP.rowtime) AS end_tstamp
  ONE ROW PER MATCH
  AFTER MATCH SKIP TO LAST PRICE_UP
  PATTERN (START_ROW PRICE_DOWN+? PRICE_UP{2,} (A | B)* C{1,3})
  WITHIN INTERVAL '1' HOUR
  DEFINE
    PRICE_DOWN AS (LAST(PRICE_DOWN.price, 1) IS NULL AND PRICE_DOWN.price < START_ROW.price) OR PRICE_DOWN.price < LAST(PRICE_DOWN.price, 1),
    PRICE_UP AS PRICE_UP.price > LAST(PRICE_DOWN.price, 1)
) MR;
SELECT CASE WHEN a > 0 THEN 'pos' WHEN a < 0 THEN 'neg' ELSE 'zero' END, CASE a WHEN 1 THEN 'one' END FROM t;
SELECT CAST(a AS STRING), TRY_CAST(b AS INT), EXTRACT(YEAR FROM ts), TRIM(BOTH ' ' FROM s), TRIM(LEADING FROM s),
  SUBSTRING(s FROM 1 FOR 2), POSITION('a' IN s), OVERLAY(s PLACING 'x' FROM 2 FOR 1), FLOOR(ts TO HOUR), CEIL(ts TO DAY),
  TIMESTAMPADD(HOUR, 1, ts), TIMESTAMPDIFF(DAY, ts1, ts2), DATE '2024-01-01', TIME '12:00:00', TIMESTAMP '2024-01-01 00:00:00',
  INTERVAL '1 10:00' DAY TO MINUTE, INTERVAL '2' SECOND(3), arr[1], m['key'], ARRAY[1, 2, 3], MAP['a', 1], ROW(1, 'a'),
  JSON_VALUE(j, '$.a' RETURNING INT DEFAULT 0 ON EMPTY NULL ON ERROR), JSON_QUERY(j, '$.b' WITH CONDITIONAL ARRAY WRAPPER),
  JSON_OBJECT(KEY 'a' VALUE 1, 'b' VALUE s NULL ON NULL), JSON_ARRAY(1, 'a' ABSENT ON NULL), JSON_EXISTS(j, '$.c' FALSE ON ERROR),
  LISTAGG(s, ',') WITHIN GROUP (ORDER BY s), ARRAY_AGG(s ORDER BY s), LAST_VALUE(s) IGNORE NULLS, -a, +b, NOT c, a || b, a % 2,
  CURRENT_TIMESTAMP, LOCALTIMESTAMP, CURRENT_DATE, `select`, 1.5e3, .5, 'it''s', ${var}
FROM t;
SELECT * FROM t1 /*+ OPTIONS('scan.startup.mode' = 'latest-offset') */ JOIN t2 /*+ LOOKUP('table' = 't2', 'retry-predicate' = 'lookup_miss') */ ON t1.id = t2.id;
SELECT /*+ BROADCAST(t2), STATE_TTL('t1' = '1d', 't2' = '12h') */ * FROM t1 JOIN t2 ON t1.id = t2.id;
SELECT a FROM t ORDER BY a OFFSET 10 ROWS FETCH NEXT 5 ROWS ONLY;
(SELECT 1) UNION (SELECT 2) INTERSECT SELECT 3 EXCEPT SELECT 4;
VALUES (1, 'a'), (2, 'b');
SELECT a FROM t QUALIFY ROW_NUMBER() OVER (PARTITION BY a ORDER BY b) = 1;
DELETE FROM t WHERE id = 1;
UPDATE t SET a = 1, b = 'x' WHERE id = 2;
TRUNCATE TABLE t;
CALL `system`.generate_n(4);
CALL cat.sys.compact('db.t', 'p = 1');

-- Flink 2.x: ON CONFLICT, USING ARTIFACT … WITH, EXPLAIN EXECUTE.
SELECT * FROM a JOIN b ON a.x = b.x LEFT JOIN c ON c.y = a.y;
insert into t1 select * from t2 on conflict do deduplicate;
INSERT INTO t3 SELECT * FROM a JOIN b ON a.x = b.x ON CONFLICT DO NOTHING;
execute statement set begin insert into t1 select * from t2 on conflict do deduplicate; insert into t3 select * from t4 on conflict do nothing; end;
create function function1 as 'org.apache.flink.function.function1' language java using jar 'file:///path/to/test.jar', artifact 'hdfs:///path/to/test2.jar' WITH ('k1' = 'v1', 'k2' = 'v2');
explain execute statement set begin insert into t1 select * from t2; insert into t2 select * from t3; end;
explain changelog_mode,json_execution_plan,estimated_cost,plan_advice select * from emps

;
INSERT INTO t1 PARTITION (p='v') SELECT * FROM t2 ON CONFLICT DO ERROR;
SELECT CAST(a AS ROW(f0 BIGINT NOT NULL, f1 DECIMAL NULL) ARRAY), CAST(b AS ROW(f0 ROW(ff0 INT NOT NULL, ff1 VARCHAR NULL) NULL, f1 TIMESTAMP NOT NULL)) FROM t
