add JAR  WITHIN 'file:///paWITHIN 'file:///path/to/ MATCH_RECOGNIZE 
wwhatever'