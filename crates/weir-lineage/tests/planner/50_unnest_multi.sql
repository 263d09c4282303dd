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
CREATE TABLE carts (cart_id BIGINT, owner STRING, items ARRAY<ROW<sku STRING, cnt INT>>, labels ARRAY<STRING>) WITH ('connector' = 'kafka');
CREATE TABLE out50 (cart_id BIGINT, owner STRING, sku STRING, cnt INT) WITH ('connector' = 'print');
INSERT INTO out50 SELECT c.cart_id, UPPER(c.owner), i.sku, i.cnt * 2 FROM carts AS c CROSS JOIN UNNEST(c.items) AS i (sku, cnt);
