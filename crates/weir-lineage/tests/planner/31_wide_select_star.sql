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
CREATE TABLE out31a (
  order_id BIGINT, customer_id BIGINT, product STRING, price DECIMAL(10, 2), qty INT,
  tags ARRAY<STRING>, buyer ROW<first_name STRING, last_name STRING>, order_time TIMESTAMP(3),
  amount DECIMAL(21, 2)
) WITH ('connector' = 'print');
CREATE TABLE out31b (
  order_id BIGINT, customer_id BIGINT, product STRING, price DECIMAL(10, 2), qty INT,
  tags ARRAY<STRING>, buyer ROW<first_name STRING, last_name STRING>, order_time TIMESTAMP(3),
  amount DECIMAL(21, 2), name STRING, country STRING
) WITH ('connector' = 'print');
INSERT INTO out31a SELECT * FROM orders WHERE price > 0;
INSERT INTO out31b SELECT o.*, c.name, c.country FROM orders AS o JOIN customers AS c ON o.customer_id = c.customer_id;
INSERT INTO out31a SELECT * FROM (SELECT * FROM orders WHERE qty BETWEEN 1 AND 100) AS t;
