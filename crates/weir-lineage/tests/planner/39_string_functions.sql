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
CREATE TABLE out39 (id BIGINT, full_name STRING, initials STRING, clean STRING, code STRING, big STRING, day_str STRING, hr BIGINT) WITH ('connector' = 'print');
INSERT INTO out39
SELECT
  COALESCE(order_id, customer_id, 0),
  CONCAT_WS(' ', buyer.first_name, buyer.last_name),
  CONCAT(SUBSTRING(buyer.first_name FROM 1 FOR 1), SUBSTRING(buyer.last_name, 1, 1)),
  TRIM(BOTH ' ' FROM LOWER(REGEXP_REPLACE(product, '[^a-z]', ''))),
  IF(CHAR_LENGTH(product) > 3, UPPER(LEFT(product, 3)), product),
  IF(price > 100, 'big', 'small'),
  DATE_FORMAT(order_time, 'yyyy-MM-dd'),
  EXTRACT(HOUR FROM order_time)
FROM orders;
