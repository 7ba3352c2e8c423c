"""RDF terms, namespaces, vocabulary and formats."""
