"""Local servers that speak the carriers' and trackers' APIs, for tests and benchmarks only
(never shipped: they live outside app/)."""
