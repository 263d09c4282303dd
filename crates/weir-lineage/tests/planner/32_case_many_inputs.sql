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
CREATE TABLE out32 (
  order_id BIGINT, tier STRING, discount DECIMAL(10, 2), region STRING, flag INT, label STRING
) WITH ('connector' = 'print');
INSERT INTO out32
SELECT
  order_id,
  CASE WHEN qty > 10 AND price > 5 THEN product WHEN customer_id IS NULL THEN 'anon' ELSE CAST(order_id AS STRING) END,
  CASE product WHEN 'book' THEN price * 0.1 WHEN 'pen' THEN price * 0.2 ELSE 0 END,
  CASE WHEN buyer.last_name LIKE 'A%' THEN 'north' ELSE 'south' END,
  CASE WHEN tags IS NULL THEN 0 ELSE CARDINALITY(tags) END,
  CASE WHEN order_time IS NULL THEN NULL ELSE buyer.first_name END
FROM orders;
