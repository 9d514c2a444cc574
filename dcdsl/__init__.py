"""dcdsl: a declarative language for data-centre designs, and dcc, its compiler."""

__version__ = "0.2.0"
