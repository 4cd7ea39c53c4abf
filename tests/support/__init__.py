"""Helpers written once for both test lanes (paths, offline environment, ports, fakes)."""
