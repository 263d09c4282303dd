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
CREATE TABLE products (product STRING, category STRING, list_price DECIMAL(10, 2), supplier STRING) WITH ('connector' = 'jdbc');
CREATE TABLE out36 (order_id BIGINT, customer STRING, country STRING, category STRING, supplier STRING, margin DECIMAL(22, 2), qty INT) WITH ('connector' = 'print');
INSERT INTO out36
SELECT o.order_id, c.name, c.country, p.category, COALESCE(p.supplier, 'unknown'), (o.price - p.list_price) * o.qty, o.qty
FROM orders AS o
JOIN customers AS c ON o.customer_id = c.customer_id
LEFT JOIN products AS p ON o.product = p.product AND p.category <> 'internal'
WHERE c.country IN ('DE', 'FR');
