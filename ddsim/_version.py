"""The version, in a module of its own so that the command line can print it
without importing the package's heavy parts."""

__version__ = "0.1.0"
