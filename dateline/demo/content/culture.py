"""Story kinds for Culture. See the package's docstring for the slots."""

CULTURE_KINDS = [
    {
        "key": "film-festival",
        "scene": "stage",
        "topics": ["Film"],
        "nums": {"films": (40, 120, 5), "countries": (15, 35), "days": (5, 9)},
        "roles": [("the festival's director", "festival director")],
        "roles2": [("a documentary maker from {town}", "film maker")],
        "headlines": [
            "Film festival in {town} opens with documentaries about rivers",
            "{films} films from {countries} countries at {town} festival",
        ],
        "social": "Rivers on the big screen in {town}",
        "summary": [
            "The {town} film festival is showing {films} films over {days_w} days.",
            "This year's theme is rivers and the people who live beside them.",
        ],
        "paras": [
            "The film festival in {town} in {region} opened on {day} with a programme of "
            "{films} films from {countries} countries. This year's theme is rivers and the "
            "people who live beside them.",
            "Screenings run for {days_w} days in the town's cinema, its library and an "
            "open-air screen by the water. Most tickets cost less than a cup of coffee.",
            "{p1}, {p1_role}, said the theme had attracted many short documentaries by "
            "first-time directors.",
            "{p2}, {p2_role}, said showing a film to neighbours who appear in it was more "
            "nerve-racking than any international premiere.",
        ],
        "subheads": ["Screenings by the water"],
        "quotes": [("A river connects everyone on its banks. So does a cinema.", "p1")],
        "caption": "An evening screening at the festival.",
    },
    {
        "key": "maps",
        "scene": "city",
        "palette": "overcast",
        "topics": ["Heritage", "Books"],
        "nums": {"maps": (60, 240, 10), "years": (150, 300, 10), "months": (6, 18)},
        "roles": [("the library's conservator", "conservator")],
        "roles2": [("a local historian", "historian")],
        "headlines": [
            "Library in {town} restores {maps} old maps",
            "Old maps of {region} go on display after restoration",
        ],
        "social": "Old maps, carefully mended",
        "summary": [
            "Conservators in {town} have restored {maps} maps, some {years} years old.",
            "Digital copies will be free to view online.",
        ],
        "paras": [
            "The public library in {town} has finished restoring {maps} hand-drawn maps "
            "of {region}, the oldest about {years} years old. The work took {months_w} "
            "months.",
            "Many of the maps had been folded for decades and were torn along the creases. "
            "{p1}, {p1_role}, said each one was cleaned, flattened and backed with thin "
            "Japanese paper.",
            "{p2}, {p2_role}, said the maps showed field boundaries and footpaths that "
            "still exist, as well as mills and fords that have disappeared.",
            "A selection goes on display this month. Every map has also been photographed "
            "and will be free to view online.",
        ],
        "subheads": ["Mended by hand"],
        "quotes": [("Every fold tells you how someone used the map.", "p1")],
        "caption": "The library building in {town}.",
    },
    {
        "key": "folk-archive",
        "scene": "hills",
        "palette": "dusk",
        "topics": ["Music", "Heritage"],
        "org": "Riverside Sound Archive",
        "nums": {"recordings": (300, 1200, 20), "singers": (40, 150, 5)},
        "roles": [("the Riverside Sound Archive's curator", "curator, Riverside Sound Archive")],
        "roles2": [("a musician who grew up near {town}", "musician")],
        "headlines": [
            "Archive puts {recordings} folk songs from {region} online",
            "Old recordings of {town} singers digitised",
        ],
        "social": "Old songs, new listeners",
        "summary": [
            "The Riverside Sound Archive has digitised {recordings} folk recordings.",
            "Families of {singers} singers helped identify voices and lyrics.",
        ],
        "paras": [
            "The Riverside Sound Archive, a volunteer-run collection, has "
            "digitised {recordings} recordings of folk songs made in and around {town}, "
            "{region}, over several decades.",
            "Many of the tapes were fragile. Families of about {singers} singers helped "
            "identify voices, write down lyrics and explain local words.",
            "{p1}, {p1_role}, said the aim was for the songs to be sung again, not only "
            "listened to.",
            "{p2}, {p2_role}, said hearing a grandmother's voice on a recording had "
            "brought some listeners to tears.",
        ],
        "subheads": ["Voices from old tapes"],
        "quotes": [("Songs are meant to be sung. An archive is only a resting place.", "p1")],
        "caption": "Hills near {town} at dusk.",
    },
    {
        "key": "theatre-tour",
        "scene": "stage",
        "topics": ["Theatre"],
        "org": "Lantern Theatre Company",
        "nums": {"venues": (12, 30), "actors": (4, 8), "weeks": (5, 10)},
        "roles": [
            (
                "the Lantern Theatre Company's artistic director",
                "artistic director, Lantern Theatre",
            )
        ],
        "roles2": [("who runs the community hall in {town}", "hall manager")],
        "headlines": [
            "Lantern Theatre takes a comedy to {venues} village halls",
            "Touring actors bring theatre to {town} village hall",
        ],
        "social": "Theatre in the village hall",
        "summary": [
            "The Lantern Theatre Company is touring {venues} village halls for {weeks_w} weeks.",
            "A cast of {actors_w} plays a comedy about a town that loses its clock.",
        ],
        "paras": [
            "The Lantern Theatre Company, a touring troupe, has begun a {weeks_w}-"
            "week tour of {venues} village halls, starting in {town} in {region}.",
            "A cast of {actors_w} performs a comedy about a town whose clock stops and "
            "which then argues about what time it is. The set fits in the back of one van.",
            "{p1}, {p1_role}, said halls were often better theatres than people expected, "
            "because the audience is so close to the actors.",
            "{p2}, {p2_role}, said tickets for the first night sold out within a day.",
        ],
        "subheads": ["A set that fits in a van"],
        "quotes": [("In a village hall the audience can see you breathe.", "p1")],
        "caption": "Stage lights before a performance.",
    },
    {
        "key": "poetry-prize",
        "scene": "river",
        "palette": "dawn",
        "topics": ["Books"],
        "nums": {"entries": (400, 1600, 50), "poems": (20, 40)},
        "roles": [("a teacher from {town} who won this year's prize", "prize winner")],
        "roles2": [("the chair of the judges", "chair of judges")],
        "headlines": [
            "Teacher from {town} wins poetry prize for collection about a river",
            "Poems about a river win prize for {town} writer",
        ],
        "social": "A river in {poems} poems",
        "summary": [
            "A collection of {poems} poems about a river near {town} has won a regional "
            "poetry prize.",
            "Judges read {entries} entries.",
        ],
        "paras": [
            "A collection of {poems} poems following a river from its source to the sea "
            "has won this year's regional poetry prize for {p1}, a teacher from {town}, "
            "{region}.",
            "The judges read {entries} entries. {p2}, {p2_role}, said the winning poems "
            "were plain and precise, and that each could be read aloud in under a minute.",
            "{p1_last} wrote most of the poems early in the morning before school, walking "
            "a different stretch of the river each week.",
            "The prize includes publication of the collection and a reading tour of "
            "libraries in the region.",
        ],
        "subheads": ["Written before school"],
        "quotes": [("I wanted every poem to be short enough to remember.", "p1")],
        "caption": "A river at dawn, the subject of the winning poems.",
    },
]
