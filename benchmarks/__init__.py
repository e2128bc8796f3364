"""Speed and quality measurements of TruthLens; run `make quality` for the quality table."""
