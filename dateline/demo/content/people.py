"""The demo's authors and photographers (fictional)."""

# slug, name, role, sections they write for, bio
AUTHORS = [
    (
        "farida-noorzai",
        "Farida Noorzai",
        "Kabul correspondent",
        ["afghanistan"],
        "Farida Noorzai reports from Kabul and the provinces on transport, farming "
        "and community life. Before joining Dateline she produced a morning programme "
        "for a regional radio station.",
    ),
    (
        "hamid-sadeqi",
        "Hamid Sadeqi",
        "Herat reporter",
        ["afghanistan"],
        "Hamid Sadeqi covers western Afghanistan, with a particular interest in water, "
        "trade routes and the people who keep small businesses running.",
    ),
    (
        "lucia-ortega",
        "Lucía Ortega",
        "Americas correspondent",
        ["americas"],
        "Lucía Ortega writes about towns and cities across the Americas. She is based "
        "in Lima and has reported from eleven countries in the region.",
    ),
    (
        "ingrid-haugen",
        "Ingrid Haugen",
        "Europe correspondent",
        ["europe"],
        "Ingrid Haugen covers public services, weather and civic life in Europe. She "
        "previously worked as a local news editor in northern Norway.",
    ),
    (
        "amina-wekesa",
        "Amina Wekesa",
        "Africa correspondent",
        ["africa"],
        "Amina Wekesa is based in Nairobi and reports on agriculture, water and "
        "transport across East and West Africa.",
    ),
    (
        "oliver-grant",
        "Oliver Grant",
        "Business editor",
        ["business"],
        "Oliver Grant edits Dateline's business coverage, with a focus on trade, "
        "freight and the small firms that rarely make headlines.",
    ),
    (
        "priya-raman",
        "Priya Raman",
        "Science and environment reporter",
        ["science"],
        "Priya Raman explains research in plain language. She trained as a marine "
        "biologist before moving into journalism.",
    ),
    (
        "leila-haddad",
        "Leila Haddad",
        "Arts and culture writer",
        ["culture"],
        "Leila Haddad writes about film, music, books and heritage, and hosts "
        "Dateline's weekly culture podcast.",
    ),
    (
        "samuel-whitlow",
        "Samuel Whitlow",
        "Sport reporter",
        ["sport"],
        "Samuel Whitlow covers football, cricket, athletics and cycling, from "
        "village pitches to national finals.",
    ),
    (
        "nadia-rahimi",
        "Nadia Rahimi",
        "Opinion editor",
        ["opinion"],
        "Nadia Rahimi edits Dateline's opinion pages and writes a fortnightly column "
        "on media, public services and everyday life.",
    ),
]
PHOTOGRAPHERS = [
    "Jamshid Azimi",
    "Carla Mendes",
    "Erik Solberg",
    "Adaeze Nwosu",
    "Tariq Habibi",
    "Marta Kowal",
]
