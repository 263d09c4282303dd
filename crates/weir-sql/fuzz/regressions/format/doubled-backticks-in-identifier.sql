SELECT ````````````````er_id, SUM(price) AS total_price
  FROM TABLE(
  ETS (
         )
)
