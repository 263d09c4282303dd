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
CREATE TABLE rates (currency STRING, rate DECIMAL(10, 4), update_time TIMESTAMP(3), WATERMARK FOR update_time AS update_time, PRIMARY KEY (currency) NOT ENFORCED) WITH ('connector' = 'upsert-kafka');
CREATE TABLE out10 (id BIGINT, converted DECIMAL(30, 6)) WITH ('connector' = 'print');
INSERT INTO out10 SELECT o.order_id, o.price * r.rate FROM orders AS o JOIN rates FOR SYSTEM_TIME AS OF o.order_time AS r ON o.product = r.currency;
