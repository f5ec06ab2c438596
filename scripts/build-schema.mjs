// placeholder, replaced by the schema build
