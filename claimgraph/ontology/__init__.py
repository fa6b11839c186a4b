"""The claimgraph ontology: its Turtle and SHACL files, loaders, validation, reasoning and reference."""
