"""The confidence legend of DOMAIN.md, carried by every rule in ``config/rules/``.

A value tagged U is shown as 待核实 wherever it is used, and a bureau's legal
department checks it against the official text before relying on it.
"""

from __future__ import annotations

from enum import StrEnum


class Confidence(StrEnum):
    C = "C"  # confirmed: the full text of the provision was read
    C2 = "C2"  # confirmed from a secondary source (portal, news re-post, law firm)
    R = "R"  # recalled, not seen in a text
    U = "U"  # unconfirmed, or sources conflict: check against the official text

    @property
    def label_zh(self) -> str:
        return CONFIDENCE_ZH[self]


CONFIDENCE_ZH: dict[Confidence, str] = {
    Confidence.C: "已核实",
    Confidence.C2: "转引核实",
    Confidence.R: "凭记忆，待核对",
    Confidence.U: "待核实",
}
