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
CREATE TABLE out34 (customer_id BIGINT, name STRING, orders_n BIGINT, revenue DECIMAL(38, 2), top_product STRING) WITH ('connector' = 'print');
INSERT INTO out34
WITH
  paid AS (SELECT order_id, customer_id, product, price * qty AS revenue FROM orders WHERE price > 0),
  per_customer AS (SELECT customer_id, COUNT(order_id) AS n, SUM(revenue) AS revenue, MAX(product) AS top_product FROM paid GROUP BY customer_id),
  named AS (
    WITH c AS (SELECT customer_id AS cid, UPPER(name) AS name FROM customers)
    SELECT p.customer_id, c.name, p.n, p.revenue, p.top_product FROM per_customer AS p JOIN c ON p.customer_id = c.cid
  )
SELECT customer_id, name, n, revenue, top_product FROM named WHERE n > 1;
