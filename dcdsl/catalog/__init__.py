"""The standard parts catalogue: ``std/*.dc`` modules written in the language, and ``query``
(listing and searching them for ``dcc catalog``). See docs/catalogue.md."""
