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
CREATE TABLE returns_ (return_id BIGINT, order_id BIGINT, reason STRING, refund DECIMAL(10, 2), ts TIMESTAMP(3)) WITH ('connector' = 'kafka');
CREATE TABLE out33 (kind STRING, id BIGINT, ref_id BIGINT, money DECIMAL(12, 2), note STRING) WITH ('connector' = 'print');
INSERT INTO out33
SELECT 'order', order_id, customer_id, price * qty, product FROM orders
UNION ALL
SELECT 'return', return_id, order_id, -refund, reason FROM returns_
UNION ALL
SELECT 'customer', customer_id, CAST(NULL AS BIGINT), CAST(0 AS DECIMAL(12, 2)), CONCAT(name, '@', country) FROM customers;
