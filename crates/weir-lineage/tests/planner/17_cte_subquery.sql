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
CREATE TABLE out17 (c BIGINT, total DECIMAL(38, 2), name STRING) WITH ('connector' = 'print');
INSERT INTO out17 WITH big AS (SELECT customer_id, price * qty AS v FROM orders WHERE qty > 10), agg AS (SELECT customer_id, SUM(v) AS total FROM big GROUP BY customer_id) SELECT a.customer_id, a.total, (SELECT MAX(name) FROM customers) FROM agg AS a;
