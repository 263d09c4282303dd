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
CREATE DATABASE db2;
CREATE TABLE db2.out26 (id BIGINT, `Name` STRING) WITH ('connector' = 'print');
USE db2;
INSERT INTO out26 SELECT order_id, product AS `Name` FROM default_database.orders;
INSERT INTO default_catalog.db2.out26 SELECT c.customer_id, c.name FROM default_catalog.default_database.customers c;
