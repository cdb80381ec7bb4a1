"""The acme schemas, as package data (``data/<version>/``), and the one rule no schema can say (``rules``)."""
