"""Stored vocabulary shown in the interface, listed here so gettext extraction finds it.

Templates translate these values at run time with ``_(value)``; extraction cannot see a
variable, so each value is marked once below (grades, violations, sex, roles, source kinds,
field names and duplicate-warning reasons).
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark a string for extraction without translating it here."""
    return message


TERMS = (
    N_("confirmed"), N_("fair"), N_("weak"), N_("contested"), N_("discounted"), N_("ungraded"),
    N_("killed"), N_("injured"), N_("arrested"), N_("detained"), N_("tortured"),
    N_("died_in_custody"), N_("disappeared"), N_("sentenced"), N_("executed"),
    N_("denied_medical_care"), N_("reported_alive"), N_("released"),
    N_("male"), N_("female"), N_("unknown"),
    N_("admin"), N_("editor"), N_("analyst"), N_("viewer"),
    N_("field_network"), N_("ngo"), N_("media"), N_("official"), N_("hospital"),
    N_("family"), N_("other"),
    N_("name_raw"), N_("given_name"), N_("family_name"), N_("father_name"), N_("sex"),
    N_("age"), N_("date_start"), N_("date_end"), N_("date_precision"), N_("province_code"),
    N_("city_id"), N_("place_note"), N_("violation"), N_("notes"), N_("match_probability"),
    N_("witness_name"), N_("witness_contact"), N_("private_notes"), N_("name"), N_("date"),
    N_("source"),
    N_("same name"), N_("same city"), N_("same province"), N_("dates overlap"),
    N_("similar age"), N_("same sex"), N_("confirm"), N_("separate"),
)  # fmt: skip
