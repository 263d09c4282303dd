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
CREATE TABLE out35 (id BIGINT, customer BIGINT, product STRING, total DECIMAL(21, 2), note STRING, ts TIMESTAMP(3)) WITH ('connector' = 'print');
INSERT INTO out35 (ts, product, id, customer, total, note) SELECT order_time, product, order_id, customer_id, price * qty, 'n' FROM orders;
INSERT INTO out35 (product, id) SELECT name, customer_id FROM customers;
INSERT INTO out35 (total, ts, id) SELECT amount, order_time, order_id + 1000 FROM orders;
