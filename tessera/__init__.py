"""Tessera: a no-code app platform. Layers: ``widgets`` ← ``builder`` ← ``runtime``."""

__version__ = "0.1.0"
