"""refs: which source backs which claim in a manuscript, and its bibliography in any style."""

__version__ = "0.1.0"
