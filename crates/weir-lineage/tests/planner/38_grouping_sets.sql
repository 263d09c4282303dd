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
CREATE TABLE out38 (customer_id BIGINT, product STRING, total DECIMAL(38, 2), n BIGINT, max_qty INT) WITH ('connector' = 'print');
INSERT INTO out38 SELECT customer_id, product, SUM(price), COUNT(*), MAX(qty) FROM orders GROUP BY GROUPING SETS ((customer_id, product), (customer_id), ());
INSERT INTO out38 SELECT customer_id, product, SUM(price * qty), COUNT(order_id), MIN(qty) FROM orders GROUP BY ROLLUP (customer_id, product);
INSERT INTO out38 SELECT customer_id, product, SUM(amount), COUNT(DISTINCT order_id), MAX(qty) FROM orders GROUP BY CUBE (customer_id, product);
