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
CREATE TEMPORARY VIEW v45 AS SELECT customer_id, product, price * qty AS revenue, order_time FROM orders;
CREATE TABLE out45a (customer_id BIGINT, product STRING, revenue DECIMAL(21, 2)) WITH ('connector' = 'print');
CREATE TABLE out45b (customer_id BIGINT, n BIGINT, revenue DECIMAL(38, 2)) WITH ('connector' = 'print');
CREATE TABLE out45c (name STRING, country STRING, product STRING) WITH ('connector' = 'print');
EXECUTE STATEMENT SET BEGIN
INSERT INTO out45a SELECT customer_id, product, revenue FROM v45 WHERE revenue > 10;
INSERT INTO out45b SELECT customer_id, COUNT(*), SUM(revenue) FROM v45 GROUP BY customer_id;
INSERT INTO out45c SELECT c.name, c.country, v.product FROM v45 AS v JOIN customers AS c ON v.customer_id = c.customer_id;
END;
