"""Open data: the DCAT-AP 3 catalogue of the public datasets (JSON-LD, Turtle, RDF/XML) and
the downloads of any version as CSV or Parquet, through the datasets' one access rule."""
