"""Benchmarks of the assistant (`make bench`): latency, throughput and memory."""
