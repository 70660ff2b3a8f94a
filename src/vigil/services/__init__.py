"""Application services: orchestrate the store and the algorithms, one module per topic."""
