"""Emitters: results → files (summary.json, BOM, diagrams, report). Each returns text or bytes;
``dcdsl.emit.build`` writes them all or nothing."""
