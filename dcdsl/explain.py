"""`dcc explain ID`: a code's entry in the checks reference, rendered from ``dcdsl.codes``."""

from __future__ import annotations

from dcdsl.codes.reference import explain as explain_code


class UnknownRule(Exception):
    pass


def explain(rule_id: str) -> str:
    text = explain_code(rule_id)
    if text is None:
        raise UnknownRule(rule_id)
    return text
