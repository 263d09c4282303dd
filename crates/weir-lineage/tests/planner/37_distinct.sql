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
CREATE TABLE out37a (customer_id BIGINT, product STRING, pq STRING) WITH ('connector' = 'print');
CREATE TABLE out37b (customer_id BIGINT, products BIGINT, buyers BIGINT, avg_price DECIMAL(38, 6)) WITH ('connector' = 'print');
INSERT INTO out37a SELECT DISTINCT customer_id, product, CONCAT(product, ':', CAST(qty AS STRING)) FROM orders;
INSERT INTO out37b SELECT customer_id, COUNT(DISTINCT product), COUNT(DISTINCT buyer.last_name), AVG(price) FROM orders GROUP BY customer_id;
