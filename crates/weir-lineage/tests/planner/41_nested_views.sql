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
CREATE VIEW v41_paid AS SELECT order_id, customer_id, product, price * qty AS revenue, order_time FROM orders WHERE price > 0;
CREATE VIEW v41_enriched (oid, cid, cname, country, product, revenue) AS
  SELECT p.order_id, p.customer_id, c.name, c.country, p.product, p.revenue FROM v41_paid AS p JOIN customers AS c ON p.customer_id = c.customer_id;
CREATE TEMPORARY VIEW v41_by_country AS SELECT country, COUNT(oid) AS orders_n, SUM(revenue) AS revenue, MAX(cname) AS some_name FROM v41_enriched GROUP BY country;
CREATE TABLE out41a (oid BIGINT, cname STRING, product STRING, revenue DECIMAL(21, 2)) WITH ('connector' = 'print');
CREATE TABLE out41b (country STRING, orders_n BIGINT, revenue DECIMAL(38, 2), some_name STRING) WITH ('connector' = 'print');
INSERT INTO out41a SELECT oid, cname, UPPER(product), revenue FROM v41_enriched;
INSERT INTO out41b SELECT * FROM v41_by_country;
