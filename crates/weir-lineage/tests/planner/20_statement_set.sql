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
CREATE TABLE out20a (id BIGINT) WITH ('connector' = 'print');
CREATE TABLE out20b (p STRING, q INT) WITH ('connector' = 'print');
EXECUTE STATEMENT SET BEGIN
INSERT INTO out20a SELECT order_id FROM orders;
INSERT INTO out20b SELECT product, qty FROM orders;
END;
BEGIN STATEMENT SET;
INSERT INTO out20a SELECT customer_id FROM customers;
INSERT INTO out20b SELECT name, CAST(customer_id AS INT) FROM customers;
END;
