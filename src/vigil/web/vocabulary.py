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
    # Acts (vigil.domain.acts): fields, codes, agreement.
    N_("method"), N_("weapon"), N_("wound"), N_("perpetrator"), N_("perpetrator_by"),
    N_("place_kind"), N_("facility"), N_("arrest_date"), N_("arrest_place"),
    N_("arrest_place_kind"), N_("release_date"), N_("died_in_custody"), N_("care_denied"),
    N_("sentence"), N_("sentence_kind"), N_("sentence_years"), N_("charges"), N_("court"),
    N_("court_branch"), N_("sentence_date"), N_("execution_date"), N_("execution_place"),
    N_("burial"),
    N_("live_ammunition"), N_("shotgun_pellets"), N_("rubber_bullets"),
    N_("tear_gas_canister"), N_("beating"), N_("vehicle"), N_("torture"), N_("hanging"),
    N_("standard_issue"), N_("non_standard"), N_("less_lethal"),
    N_("head"), N_("neck"), N_("chest"), N_("abdomen"), N_("back"), N_("limbs"),
    N_("several"),
    N_("irgc"), N_("basij"), N_("police"), N_("plainclothes"), N_("prison_judicial"),
    N_("street"), N_("rooftop"), N_("home"), N_("detention"), N_("court"),
    N_("prison"), N_("flogging"), N_("death"), N_("exile"),
    N_("moharebeh"), N_("efsad_fil_arz"), N_("assembly_collusion"), N_("propaganda"),
    N_("known"), N_("denied"),
    N_("agree"), N_("differ"), N_("single"), N_("none"),
)  # fmt: skip
