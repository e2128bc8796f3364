"""GraphQL schema of TruthLens."""
