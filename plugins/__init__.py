"""Built-in plugins: each uses only the public `truthlens` API."""
