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
CREATE TABLE out40 (id STRING, p DECIMAL(12, 2), q BIGINT, d DATE, t STRING, r DOUBLE, cid INT) WITH ('connector' = 'print');
INSERT INTO out40
SELECT
  CAST(CAST(order_id AS BIGINT) AS STRING),
  CAST(CAST(price AS STRING) AS DECIMAL(12, 2)),
  CAST(qty AS BIGINT) * 2,
  CAST(order_time AS DATE),
  CAST(CAST(order_time AS DATE) AS STRING),
  CAST(price AS DOUBLE) / NULLIF(CAST(qty AS DOUBLE), 0),
  TRY_CAST(product AS INT)
FROM orders;
