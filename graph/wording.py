"""The engine's sentences, in English and French, keyed by what they say.

Reasons, coverage warnings and penalty summaries are built from these, so every
surface shows the same words; the interface's own labels live with the pages.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "reached-direct": {"en": "Applies in {where}", "fr": "S’applique en {where}"},
    "reached-within": {
        "en": "Applies in {where}, which contains the place asked",
        "fr": "S’applique en {where}, qui comprend le lieu demandé",
    },
    "reached-membership": {
        "en": "Applies through {where}, of which {member} is a member ({start} – {end})",
        "fr": "S’applique via l’appartenance à : {where} ; membre : {member} ({start} – {end})",
    },
    "reached-transition": {
        "en": "Applies through {where}: transition period of {member} {start} – {end}",
        "fr": "S’applique via : {where} ; période de transition : {member} {start} – {end}",
    },
    "code-EU": {"en": "EU", "fr": "UE"},
    "now": {"en": "now", "fr": "aujourd’hui"},
    "not-reached": {
        "en": "Set in {where}, which does not reach {place}",
        "fr": "Prévue en {where}, qui ne s’étend pas à {place}",
    },
    "not-member-on": {
        "en": "Set in {union}, to which {place} does not belong on {day} (membership {spans})",
        "fr": "Prévue en {union}, dont {place} n’est pas membre le {day} (adhésion {spans})",
    },
    "membership-ends": {
        "en": "Set in {union}; {member}'s membership of it ends on {end}, before the duty starts on {start}",
        "fr": (
            "Prévue en {union} ; l’adhésion de {member} prend fin le {end}, "
            "avant que l’obligation ne commence le {start}"
        ),
    },
    "category-matched": {"en": "borne by {items}", "fr": "à la charge de : {items}"},
    "category-not-matched": {
        "en": "borne by {items}, which the service is not",
        "fr": "à la charge de : {items}, ce que le service n’est pas",
    },
    "condition-met": {"en": "conditions met: {items}", "fr": "conditions remplies : {items}"},
    "condition-not-met": {
        "en": "requires {items}, which does not hold",
        "fr": "suppose : {items}, ce qui n’est pas le cas",
    },
    "condition-unknown": {"en": "only if: {items}", "fr": "seulement si : {items}"},
    "displaced": {
        "en": "displaced here by the national rule {by}",
        "fr": "remplacée ici par la règle nationale {by}",
    },
    "in-force": {"en": "applies from {start}", "fr": "s’applique depuis le {start}"},
    "upcoming": {"en": "applies from {start}, after the date asked", "fr": "s’appliquera à compter du {start}"},
    "pending": {
        "en": "a bill, not law (planned from {planned})",
        "fr": "proposition de loi, non adoptée (prévue à compter du {planned})",
    },
    "stage-reached": {"en": "; stage reached: {stage}", "fr": " ; stade atteint : {stage}"},
    "not-in-force": {
        "en": "enacted but not in force (planned from {planned})",
        "fr": "adoptée mais non en vigueur (prévue à compter du {planned})",
    },
    "no-start-date": {
        "en": "in force as law, but no date from which this duty applies is recorded",
        "fr": "en vigueur, mais aucune date d’application de cette obligation n’est enregistrée",
    },
    "ended": {"en": "ceased to apply on {end}", "fr": "a cessé de s’appliquer le {end}"},
    "ended-status": {"en": "repealed or lapsed", "fr": "abrogée ou caduque"},
    "exempt": {"en": "exempt because: {items}", "fr": "exemptée car : {items}"},
    "exemption-unknown": {"en": "unless: {items}", "fr": "sauf si : {items}"},
    "exemption-lifted": {"en": "exemption lifted for {items}", "fr": "exemption levée pour : {items}"},
    "designation-required": {
        "en": "binds once the service is designated: {items}",
        "fr": "s’impose une fois le service désigné : {items}",
    },
    "designated": {"en": "designated: {items}", "fr": "désigné : {items}"},
    "enjoined": {
        "en": "not enforceable: {effect} by the {court} on {date} ({case})",
        "fr": "non applicable : décision « {effect} » de la juridiction {court} du {date} ({case})",
    },
    "enjoined-for-parties": {
        "en": "{effect} by the {court} on {date} ({case}) only as against the plaintiffs; binds everyone else",
        "fr": (
            "décision « {effect} » de la juridiction {court} du {date} ({case}) à l’égard des seuls "
            "demandeurs ; s’impose à tous les autres"
        ),
    },
    "court-cleared": {
        "en": "enforceable: {effect} by the {court} on {date} ({case})",
        "fr": "applicable : décision « {effect} » de la juridiction {court} du {date} ({case})",
    },
    "coverage-gap": {
        "en": "{layer} law of {place} is not modelled in dutygraph: the duties listed come from {others} only.",
        "fr": (
            "Le droit {layer} de {place} n’est pas modélisé dans dutygraph : les "
            "obligations listées viennent seulement de : {others}."
        ),
    },
    "coverage-gap-alone": {
        "en": "{layer} law of {place} is not modelled in dutygraph.",
        "fr": "Le droit {layer} de {place} n’est pas modélisé dans dutygraph.",
    },
    "competence-none": {
        "en": "no enforcing authority is recorded for this duty (courts or prosecutors, or not known): see its notes",
        "fr": (
            "aucune autorité chargée de faire respecter cette obligation n’est enregistrée "
            "(juridictions, parquet ou inconnue) : voir ses notes"
        ),
    },
    "competence-recorded": {
        "en": "{authority}, as the graph records for this duty",
        "fr": "{authority}, comme l’indique le graphe pour cette obligation",
    },
    "competence-exclusive": {
        "en": "{authority}, exclusive powers ({basis})",
        "fr": "{authority}, compétence exclusive ({basis})",
    },
    "competence-shared": {
        "en": "{authority}, shared powers ({basis})",
        "fr": "{authority}, compétence partagée ({basis})",
    },
    "competence-role": {
        "en": "{authority}, as {role} of {place} ({basis})",
        "fr": "{authority}, en tant que {role} pour {place} ({basis})",
    },
    "competence-role-missing": {
        "en": "the {role} of {place}, not yet in the graph ({basis})",
        "fr": "l’autorité « {role} » de {place}, pas encore dans le graphe ({basis})",
    },
    "competence-establishment-unknown": {
        "en": "the {role} of the Member State of main establishment: {authority} if that is {place} ({basis})",
        "fr": (
            "l’autorité « {role} » de l’État membre d’établissement principal : {authority} si c’est {place} ({basis})"
        ),
    },
    "competence-establishment-none": {
        "en": "the {role} of the Member State of main establishment, which the question does not give ({basis})",
        "fr": (
            "l’autorité « {role} » de l’État membre d’établissement principal, que la question n’indique pas ({basis})"
        ),
    },
    "assess-no-features": {
        "en": "no features or categories given: every duty in each country is listed whatever its bearer",
        "fr": "aucune fonctionnalité ni catégorie indiquée : toutes les obligations de chaque pays sont listées",
    },
    "assess-no-users": {
        "en": "no user figures given: no size threshold (VLOP, OSA categories) can be tested",
        "fr": "aucun nombre d’utilisateurs indiqué : aucun seuil de taille (TGPL, catégories OSA) ne peut être testé",
    },
    "stated-in-profile": {"en": "stated in the profile", "fr": "indiqué dans le profil"},
    "feature-reason": {"en": "feature: {features}", "fr": "fonctionnalité : {features}"},
    "threshold-met": {
        "en": "{users} average monthly users in {place} {op} {limit}",
        "fr": "{users} utilisateurs mensuels moyens en {place} {op} {limit}",
    },
    "threshold-not-met": {
        "en": "{users} average monthly users in {place} {op} {limit}: not {category}",
        "fr": "{users} utilisateurs mensuels moyens en {place} {op} {limit} : pas {category}",
    },
    "threshold-features-missing": {
        "en": (
            "{users} average monthly users in {place} would pass {limit}, "
            "but the service lacks {features}: not {category}"
        ),
        "fr": (
            "{users} utilisateurs mensuels moyens en {place} dépasseraient {limit}, "
            "mais le service n’a pas : {features} ; pas {category}"
        ),
    },
    "threshold-no-figure": {
        "en": "no user figure for {place}: {category} cannot be tested",
        "fr": "aucun nombre d’utilisateurs pour {place} : {category} ne peut être testé",
    },
    "threshold-with": {"en": " with {features}", "fr": " avec {features}"},
    "eligible-suffix": {
        "en": " (eligible for designation: binds once designated)",
        "fr": " (peut être désigné : s’impose une fois désigné)",
    },
    "designated-suffix": {"en": " (designated)", "fr": " (désigné)"},
    "layer-supranational": {"en": "Supranational", "fr": "supranational"},
    "layer-national": {"en": "National", "fr": "national"},
    "layer-subnational": {"en": "Sub-national", "fr": "infranational"},
}


def say(key: str, lang: str, **values: object) -> str:
    """The sentence `key` in `lang` (English when it has no such translation), with its fields filled."""
    texts = TEXTS[key]
    return (texts.get(lang) or texts["en"]).format(**values)
