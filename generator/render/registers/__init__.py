"""Civic registers: decisions, actions, people and organisations, across meetings and bodies.

    beslut.html                     the years, with counts, and the bodies' registers
    beslut/<year>.html              a year's decisions, or the list of its months when large
    beslut/<year>-<mm>.html         a month's decisions, for a year too large for one page
    atgarder.html                   the due years, with counts (open, past due, done)
    atgarder/<year>.html            the actions due that year, or the list of its months
    atgarder/<year>-<mm>.html       the actions due that month, for a year too large for one page
    .../<year>-<mm>-del-<n>.html    the n-th part (n >= 2) of a month too large for one page
    atgarder/utan-slutdatum.html    every action without a due date (-del-<n>.html: its n-th part)
    <body>/beslut.html              a body's decisions; when large, its years (and pages as above
    <body>/atgarder.html            a body's actions;   under <body>/beslut/ and <body>/atgarder/)
    personer/index.html             everyone named in the minutes        personer/<slug>.html one person
    organisationer/index.html       member organisations                 organisationer/<slug>.html
    personer/<slug>/<year>.html     a large person's meetings, items presented and actions from the
                                    meetings of a year (and months, parts as above); the same
    organisationer/<slug>/<year>.html   for a large organisation's meetings
Stages of this package: `gather` collects what the registers show from the archive, `paging`
decides how it is split into pages and names them, `pages` renders them, `helpers` gives every
page's templates their links (`install`), `checks` adds the registers' problems to `minutes check`.
"""

from generator.render.registers.checks import register_problems
from generator.render.registers.gather import MEMBER_ROLES, Registers
from generator.render.registers.helpers import Civic, install, meeting_page_inputs, register_inputs
from generator.render.registers.pages import TEMPLATES, register_producers
from generator.render.registers.paging import (ACTIONS_PER_PAGE, MEETINGS_PER_PAGE, ORGANISATION_MEETINGS_PER_PAGE,
                                               PARTICIPATIONS_PER_PAGE, DecisionLayout, part_numbers,
                                               split_by_period)

__all__ = ["ACTIONS_PER_PAGE", "MEETINGS_PER_PAGE", "MEMBER_ROLES", "ORGANISATION_MEETINGS_PER_PAGE",
           "PARTICIPATIONS_PER_PAGE", "TEMPLATES", "Civic", "DecisionLayout", "Registers", "install",
           "meeting_page_inputs", "part_numbers", "register_inputs", "register_problems",
           "register_producers", "split_by_period"]
