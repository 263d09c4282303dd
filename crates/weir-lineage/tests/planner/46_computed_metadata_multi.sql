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
CREATE TABLE events (
  id BIGINT,
  payload STRING,
  price DECIMAL(10, 2),
  qty INT,
  ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',
  part INT METADATA FROM 'partition' VIRTUAL,
  off BIGINT METADATA FROM 'offset' VIRTUAL,
  total AS price * qty,
  day_ AS CAST(ts AS DATE),
  tag AS CONCAT(payload, '#', CAST(part AS STRING))
) WITH ('connector' = 'kafka');
CREATE TABLE out46 (id BIGINT, total DECIMAL(21, 2), day_ DATE, tag STRING, pos STRING, ts TIMESTAMP_LTZ(3)) WITH ('connector' = 'print');
INSERT INTO out46 SELECT id, total, day_, tag, CONCAT(CAST(part AS STRING), '/', CAST(off AS STRING)), ts FROM events;
