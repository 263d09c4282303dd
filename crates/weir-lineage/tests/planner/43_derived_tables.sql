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
CREATE TABLE out43 (customer_id BIGINT, name STRING, spend DECIMAL(38, 2), orders_n BIGINT, share DECIMAL(38, 6)) WITH ('connector' = 'print');
INSERT INTO out43
SELECT a.customer_id, c.name, a.spend, a.n, a.spend / NULLIF(t.total, 0)
FROM (SELECT customer_id, SUM(price * qty) AS spend, COUNT(*) AS n FROM orders GROUP BY customer_id) AS a
JOIN (SELECT customer_id, name FROM customers WHERE country IS NOT NULL) AS c ON a.customer_id = c.customer_id
CROSS JOIN (SELECT SUM(price * qty) AS total FROM orders) AS t;
