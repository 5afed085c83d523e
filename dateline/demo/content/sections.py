"""The demo's sections and the order articles are dealt to them."""

# slug, title, parent slug (None: top level), intro, agency subjects
SECTIONS = [
    (
        "news",
        "News",
        None,
        "Reporting from our correspondents on the stories that shape daily life.",
        "news, politics, society, government",
    ),
    (
        "afghanistan",
        "Afghanistan",
        "news",
        "News from Kabul and the provinces: roads, harvests, weather and community life.",
        "afghanistan",
    ),
    (
        "americas",
        "Americas",
        "news",
        "From the Canadian prairies to the Andes: the region's towns, farms and cities.",
        "americas, latin america, north america",
    ),
    (
        "europe",
        "Europe",
        "news",
        "Local services, weather and civic life across the continent.",
        "europe",
    ),
    (
        "africa",
        "Africa",
        "news",
        "Towns, farms and public services from the Rift Valley to the Atlantic coast.",
        "africa",
    ),
    (
        "business",
        "Business",
        None,
        "Trade, transport, small firms and the markets they depend on.",
        "economy, business, markets",
    ),
    (
        "science",
        "Science",
        None,
        "Research, discovery and the environment, explained plainly.",
        "science, technology, environment, health",
    ),
    (
        "culture",
        "Culture",
        None,
        "Film, music, books, theatre and the people who keep traditions alive.",
        "arts, culture, entertainment",
    ),
    (
        "sport",
        "Sport",
        None,
        "Results, races and tournaments, from village pitches to national leagues.",
        "sport",
    ),
    (
        "opinion",
        "Opinion",
        None,
        "Columns and comment from Dateline writers.",
        "opinion, commentary",
    ),
]
REGIONAL = ("afghanistan", "americas", "europe", "africa")
# The order articles are dealt to sections, oldest first. Afghanistan twice.
ROTATION = [
    "afghanistan",
    "business",
    "europe",
    "science",
    "americas",
    "culture",
    "africa",
    "sport",
    "afghanistan",
    "opinion",
]
