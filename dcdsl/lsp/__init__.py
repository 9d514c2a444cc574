"""The language server behind `dcc lsp`: diagnostics, hover, definitions, completion, symbols.

``dcdsl.lsp.server`` wires pygls to the compiler; the other modules are plain functions over the
syntax tree and the model, tested on their own.
"""
