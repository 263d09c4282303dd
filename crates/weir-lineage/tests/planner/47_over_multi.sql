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
CREATE TABLE out47 (order_id BIGINT, product STRING, price DECIMAL(10, 2), run_total DECIMAL(38, 2), avg_last3 DECIMAL(38, 6), order_time TIMESTAMP(3)) WITH ('connector' = 'print');
INSERT INTO out47
SELECT order_id, product, price,
  SUM(price) OVER w,
  AVG(price * qty) OVER w,
  order_time
FROM orders
WINDOW w AS (PARTITION BY customer_id ORDER BY order_time ROWS BETWEEN 2 PRECEDING AND CURRENT ROW);
