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
CREATE TABLE out49 (id BIGINT, who STRING, place STRING, amount DECIMAL(12, 2)) WITH ('connector' = 'print');
INSERT INTO out49
SELECT id, who, place, amount FROM (
  SELECT order_id AS id, buyer.last_name AS who, product AS place, CAST(price AS DECIMAL(12, 2)) AS amount FROM orders WHERE qty > 1
  UNION
  SELECT customer_id, name, country, CAST(NULL AS DECIMAL(12, 2)) FROM customers WHERE country <> 'XX'
) AS u WHERE id IS NOT NULL;
