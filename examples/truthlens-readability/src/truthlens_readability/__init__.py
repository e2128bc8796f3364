"""TruthLens readability metric: a partner plugin distribution.

The plugin module is `truthlens_readability.plugin`, found by the host through the
`truthlens` entry point named `readability`.
"""
