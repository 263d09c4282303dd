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
CREATE TABLE shipments (ship_id BIGINT, order_id BIGINT, carrier STRING, weight DOUBLE, ship_time TIMESTAMP(3), WATERMARK FOR ship_time AS ship_time) WITH ('connector' = 'kafka');
CREATE TABLE out42a (order_id BIGINT, product STRING, ship_id BIGINT, carrier STRING, hours INT, kg_price DOUBLE) WITH ('connector' = 'print');
CREATE TABLE out42b (order_id BIGINT, name STRING, country STRING, product STRING) WITH ('connector' = 'print');
INSERT INTO out42a
SELECT o.order_id, o.product, s.ship_id, UPPER(s.carrier), TIMESTAMPDIFF(HOUR, o.order_time, s.ship_time), CAST(o.price AS DOUBLE) / s.weight
FROM orders AS o JOIN shipments AS s
  ON o.order_id = s.order_id AND s.ship_time BETWEEN o.order_time AND o.order_time + INTERVAL '2' DAY;
INSERT INTO out42b
SELECT o.order_id, c.name, COALESCE(c.country, '??'), o.product
FROM (SELECT order_id, customer_id, product, PROCTIME() AS pt FROM orders) AS o
LEFT JOIN customers FOR SYSTEM_TIME AS OF o.pt AS c ON o.customer_id = c.customer_id;
