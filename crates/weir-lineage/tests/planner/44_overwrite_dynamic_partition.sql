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
CREATE TABLE out44 (order_id BIGINT, product STRING, revenue DECIMAL(21, 2), buyer_name STRING, dt STRING, hr STRING) PARTITIONED BY (dt, hr) WITH ('connector' = 'filesystem', 'path' = '/tmp/out44', 'format' = 'json');
INSERT OVERWRITE out44 PARTITION (dt = '2024-01-01') SELECT order_id, product, price * qty, buyer.last_name, DATE_FORMAT(order_time, 'HH') FROM orders;
INSERT INTO out44 SELECT order_id, product, amount, buyer.first_name, DATE_FORMAT(order_time, 'yyyy-MM-dd'), DATE_FORMAT(order_time, 'HH') FROM orders;
INSERT OVERWRITE out44 PARTITION (dt = '2024-01-02', hr = '00') (product, order_id) SELECT product, order_id FROM orders;
