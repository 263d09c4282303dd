CREATE TABLE orders (
  order_id BIGINT,
  customer_id BIGINT,
  product STRING,
  price DECIMAL(10, 2),
  qty INT,
  tags ARRAY<STRING>,
  buyer ROW<first_name STRING, last_name STRING>,
  order_time TIMESTAMP(3),
  amount AS price * qty,
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH ('connector' = 'kafka', 'topic' = 'orders', 'format' = 'json');
CREATE TABLE customers (
  customer_id BIGINT,
  name STRING,
  country STRING,
  update_time TIMESTAMP(3),
  PRIMARY KEY (customer_id) NOT ENFORCED
) WITH ('connector' = 'jdbc', 'table-name' = 'customers');
CREATE TEMPORARY VIEW v1 AS SELECT order_id, customer_id, price * qty AS val FROM orders WHERE qty > 0;
CREATE VIEW v2 (cid, total) AS SELECT customer_id, SUM(val) FROM v1 GROUP BY customer_id;
CREATE TABLE out19 (cid BIGINT, total DECIMAL(38, 2), x BIGINT) WITH ('connector' = 'print');
INSERT INTO out19 SELECT v2.cid, v2.total, v1.order_id FROM v2 JOIN v1 ON v1.customer_id = v2.cid;
