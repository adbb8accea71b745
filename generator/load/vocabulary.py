"""The words of the domain that content may use: roles, kinds, statuses, item kinds, section names."""

from __future__ import annotations

# Display order on a meeting page follows this order.
ROLES = (
    "ordförande",
    "vice ordförande",
    "ledamot",
    "ersättare",
    "sekreterare",
    "justerare",
    "övrig deltagare",
    "gäst",
)

MEETING_KINDS = ("protokoll", "minnesanteckningar", "anteckningar")

# utkast is never published; planerat has no items yet.
STATUSES = ("utkast", "planerat", "ojusterat", "justerat")
PUBLISHED_STATUSES = ("planerat", "ojusterat", "justerat")

ITEM_KINDS = ("informationsärende", "beslutsärende", "samråd", "utgår")

# Headings inside an item that have a meaning of their own (compared lower-case, colon stripped).
SECTION_KINDS = {
    "beslut": "decision",
    "förslag till beslut": "proposal",
    "ärendebeskrivning": "background",
    "bakgrund": "background",
    "sammanfattning och överväganden": "background",
    "synpunkter": "discussion",
    "synpunkter från mötet": "discussion",
    "minnesanteckning": "discussion",
    "minnesanteckningar": "discussion",
    "diskussion": "discussion",
    "åtgärder": "actions",
}

# "Key: value" lines right under an item heading.
ITEM_FIELDS = {
    "föredragande": "presenters",
    "bilagor": "attachments",
    "bilaga": "attachments",
    "ärendetyp": "kind",
}

ACTION_COLUMNS = ("åtgärd", "slutdatum", "ansvarig")
ACTION_DONE_COLUMN = "klar"
