"""Story kinds for Science. See the package's docstring for the slots."""

from .places import COAST_TOWNS, GLACIER_TOWNS

SCIENCE_KINDS = [
    {
        "key": "seabed",
        "towns": COAST_TOWNS,
        "scene": "sea",
        "topics": ["Oceans"],
        "org": "Meridian Institute of Oceanography",
        "nums": {"km2": (800, 4000, 100), "depth": (900, 2400, 50), "weeks": (3, 7)},
        "roles": [("the expedition's chief scientist", "chief scientist")],
        "roles2": [("a doctoral student on the voyage", "doctoral student")],
        "headlines": [
            "Research ship maps {km2} square kilometres of seabed off {country}",
            "Survey reveals underwater canyon off the coast of {region}",
        ],
        "social": "A new map of the seabed",
        "summary": [
            "A Meridian Institute survey mapped {km2} square kilometres of seabed.",
            "The team found a canyon about {depth} metres deep.",
        ],
        "paras": [
            "Scientists from the Meridian Institute of Oceanography have mapped {km2} "
            "square kilometres of seabed off the coast of {region}, {country}, during a "
            "{weeks_w}-week voyage.",
            "The survey used sound pulses from the ship's hull to measure depth. It "
            "revealed a previously uncharted canyon reaching about {depth} metres below "
            "the surface.",
            "{p1}, {p1_role}, said the canyon probably channels cold, nutrient-rich water "
            "towards the coast, which could explain why local fishing grounds are so "
            "productive.",
            "{p2}, {p2_role}, said the data would be released publicly so that other "
            "researchers and fisheries managers can use it.",
            "The team plans to return next year with cameras to film the canyon walls.",
        ],
        "subheads": ["Mapping with sound", "What comes next"],
        "quotes": [("We have better maps of the Moon than of this coast.", "p1")],
        "caption": "The sea off {region}, where the survey took place.",
    },
    {
        "key": "asteroids",
        "scene": "observatory",
        "topics": ["Space"],
        "org": "Caldera Ridge Observatory",
        "nums": {"objects": (120, 400, 5), "nights": (60, 140, 5)},
        "roles": [("the observatory's director", "observatory director")],
        "roles2": [("a volunteer who helped check the images", "volunteer")],
        "headlines": [
            "Observatory catalogues {objects} new asteroids",
            "Caldera Ridge survey adds {objects} asteroids to the record",
        ],
        "social": "{objects} new asteroids, none of them a worry",
        "summary": [
            "Caldera Ridge Observatory has catalogued {objects} previously unrecorded asteroids.",
            "None of them comes close enough to Earth to be a concern.",
        ],
        "paras": [
            "Astronomers at Caldera Ridge Observatory have catalogued {objects} asteroids "
            "that had not been recorded before, after {nights} clear nights of "
            "observations.",
            "All of them orbit in the main belt between Mars and Jupiter. None comes close "
            "enough to Earth to be a concern, the team said.",
            "{p1}, {p1_role}, said software now flags moving points of light "
            "automatically, but each candidate is still checked by a person.",
            "{p2}, {p2_role}, said school groups had helped by comparing pairs of images online.",
            "The new objects will receive names once their orbits have been confirmed.",
        ],
        "subheads": ["Checked by eye"],
        "quotes": [("Every dot has to be checked. The computer only makes suggestions.", "p1")],
        "caption": "The observatory dome on the ridge at night.",
    },
    {
        "key": "glacier",
        "towns": GLACIER_TOWNS,
        "scene": "mountains",
        "palette": "winter",
        "topics": ["Climate"],
        "expert": "land",
        "nums": {"metres": (8, 30), "years": (10, 25), "stakes": (20, 60)},
        "roles": [("who leads the measurement team", "glaciologist")],
        "headlines": [
            "Glacier above {town} measured with {stakes} stakes and a drone",
            "Scientists take the measure of a glacier above {town}",
        ],
        "social": "Measuring a glacier, stake by stake",
        "summary": [
            "Researchers measured a glacier above {town} using {stakes} marker stakes.",
            "Its front has moved back about {metres} metres in {years} years.",
        ],
        "paras": [
            "Researchers have completed this year's measurements of a small glacier above "
            "{town} in {region}, using {stakes} marker stakes drilled into the ice and a "
            "drone that photographs its surface.",
            "The glacier's front has moved back about {metres} metres over the {years} "
            "years the team has been measuring. {p1}, {p1_role}, said the record was "
            "valuable because it was long and unbroken.",
            "Water from the glacier feeds streams used by farms lower down. {expert}, "
            "{expert_role}, said records like this help communities plan for changes in "
            "summer water supply.",
            "The team publishes its data every year so that others can compare glaciers "
            "across the region.",
        ],
        "subheads": ["A long record"],
        "quotes": [("The stakes do not lie. We read them every autumn.", "p1")],
        "caption": "Snow and ice above {town}.",
    },
    {
        "key": "bees",
        "scene": "fields",
        "palette": "noon",
        "topics": ["Wildlife", "Agriculture"],
        "expert": "land",
        "nums": {"species": (30, 90), "volunteers": (60, 300, 10), "sites": (20, 80)},
        "roles": [("who coordinated the count", "survey coordinator")],
        "headlines": [
            "Volunteers count {species} kinds of bee around {town}",
            "Pollinator survey near {town} finds wild bees thriving on field margins",
        ],
        "social": "Counting bees around {town}",
        "summary": [
            "A volunteer survey recorded {species} kinds of bee at {sites} sites near {town}.",
            "Field margins left uncut had the most.",
        ],
        "paras": [
            "About {volunteers} volunteers recorded {species} different kinds of bee at "
            "{sites} sites around {town} in {region} this summer, in the area's first "
            "organised pollinator survey.",
            "The most varied sites were field margins left uncut until late summer, where "
            "wild flowers had time to bloom. {p1}, {p1_role}, said this was encouraging "
            "because margins cost farmers little.",
            "{expert}, {expert_role}, said wild bees do much of the pollination of crops "
            "such as {fruit}, alongside managed honeybees.",
            "The survey will be repeated next year at the same sites, so that changes can "
            "be tracked.",
        ],
        "subheads": ["The value of an uncut margin"],
        "quotes": [("A strip of flowers at the edge of a field can feed a lot of bees.", "p1")],
        "caption": "Field margins near {town} in summer.",
    },
    {
        "key": "beetle",
        "scene": "river",
        "palette": "overcast",
        "topics": ["Wildlife"],
        "nums": {"mm": (4, 9), "years": (2, 6)},
        "roles": [("the entomologist who described the species", "entomologist")],
        "roles2": [("a curator at the natural history museum", "curator")],
        "headlines": [
            "New species of beetle described from stream near {town}",
            "Tiny beetle from {town} stream gets a scientific name",
        ],
        "social": "A new beetle, {mm_w} millimetres long",
        "summary": [
            "Scientists have described a beetle found only in streams near {town}.",
            "It is about {mm_w} millimetres long and lives under stones.",
        ],
        "paras": [
            "A beetle about {mm_w} millimetres long that lives under stones in cold "
            "streams near {town} in {region} has been formally described as a new species, "
            "after {years_w} years of study.",
            "The beetle, which has a dark bronze shell, was first spotted by students "
            "sampling the stream for a water-quality project. It has not been found "
            "anywhere else so far.",
            "{p1}, {p1_role}, said it was named after the stream where it was found. "
            "Because it needs clean, cold water, the beetle is a useful sign of a healthy "
            "stream.",
            "{p2}, {p2_role}, said the specimens would be kept in the museum's collection "
            "so that future researchers can compare them.",
        ],
        "subheads": ["Found by students"],
        "quotes": [("Small creatures like this tell us a lot about the water.", "p1")],
        "caption": "A stream near {town}, home to the newly described beetle.",
    },
]
