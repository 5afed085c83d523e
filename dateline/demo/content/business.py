"""Story kinds for Business. See the package's docstring for the slots."""

from .places import RAIL_TOWNS

BUSINESS_KINDS = [
    {
        "key": "freight",
        "towns": RAIL_TOWNS,
        "scene": "hills",
        "topics": ["Trade", "Transport"],
        "org": "Kestrel Freight",
        "nums": {"pct": (6, 18), "wagons": (20, 60), "trains": (3, 9)},
        "roles": [
            ("the chief executive of Kestrel Freight", "chief executive, Kestrel Freight"),
            ("a logistics analyst", "logistics analyst"),
        ],
        "roles2": [("who runs a timber yard near {town}", "timber merchant")],
        "headlines": [
            "Kestrel Freight reports its busiest quarter on the {town} line",
            "Rail freight volumes rise {pct} per cent at Kestrel Freight",
        ],
        "social": "Busy times on the {town} freight line",
        "summary": [
            "Kestrel Freight says volumes on its {town} line rose {pct} per cent in the quarter.",
            "The company plans to run {trains_w} longer trains a week from next month.",
        ],
        "paras": [
            "Kestrel Freight, a regional rail operator, said on {day} that the volume of "
            "goods carried on its line through {town} in {region} rose {pct} per cent in "
            "the last quarter, its busiest three months since the route opened.",
            "Building materials and farm produce made up most of the increase. The "
            "company plans to run {trains_w} longer trains a week, each with up to "
            "{wagons} wagons, from next month.",
            "{p1}, {p1_role}, said customers were moving goods from road to rail because "
            "journey times had become more predictable. The operator has also added a "
            "second loading siding at {town}.",
            "{p2}, {p2_role}, said rail had halved the number of lorry trips needed to "
            "deliver to builders in the city.",
            "The company will publish its full-year figures in the spring.",
        ],
        "subheads": ["What is being carried", "Longer trains"],
        "quotes": [("Customers want to know when their goods will arrive.", "p1")],
        "caption": "Countryside along Kestrel Freight's line near {town}.",
    },
    {
        "key": "coop-bank",
        "scene": "city",
        "topics": ["Markets"],
        "org": "Halden Cooperative Bank",
        "nums": {"branches": (3, 8), "loans": (400, 2500, 50), "members": (5000, 40000, 500)},
        "roles": [("Halden Cooperative Bank's head of lending", "head of lending, Halden")],
        "roles2": [("who runs a bakery in {town}", "baker")],
        "headlines": [
            "Halden Cooperative Bank opens {branches_w} branches in rural towns",
            "Small-business loans grow at Halden Cooperative Bank",
        ],
        "social": "A cooperative bank expands into small towns",
        "summary": [
            "Halden Cooperative Bank is opening {branches_w} branches, including one in {town}.",
            "It made about {loans} small-business loans last year.",
        ],
        "paras": [
            "Halden Cooperative Bank, a member-owned lender, is opening {branches_w} new "
            "branches in rural towns, including {town} in {region}. The bank has about "
            "{members} members.",
            "Most of its lending goes to small businesses such as workshops, shops and "
            "bakeries. It made about {loans} such loans last year, typically for "
            "equipment or stock.",
            "{p1}, {p1_role}, said local staff who know their customers can make decisions "
            "faster. New branches will open three days a week at first.",
            "{p2}, {p2_role}, borrowed to buy a second oven last year and said the nearest "
            "bank branch had previously been a two-hour drive away.",
        ],
        "subheads": ["Lending close to home"],
        "quotes": [("A loan officer who knows the street makes better decisions.", "p1")],
        "caption": "The centre of {town}, where a new branch will open.",
    },
    {
        "key": "trade-fair",
        "scene": "city",
        "palette": "dusk",
        "topics": ["Trade"],
        "nums": {
            "exhibitors": (120, 400, 10),
            "countries": (12, 30),
            "visitors": (8000, 30000, 1000),
        },
        "roles": [("a carpet weaver from {town}", "weaver")],
        "roles2": [("a buyer for a chain of furniture shops", "buyer")],
        "headlines": [
            "Craft makers from {town} find new buyers at the Meridian Trade Fair",
            "Handmade goods draw buyers from {countries} countries at Meridian Trade Fair",
        ],
        "social": "Crafts travel further",
        "summary": [
            "The Meridian Trade Fair brought {exhibitors} exhibitors together with buyers "
            "from {countries} countries.",
            "Makers from {town} signed their first export orders.",
        ],
        "paras": [
            "Makers of carpets, ceramics and textiles from {town} in {region} signed "
            "their first export orders at this year's Meridian Trade Fair, an annual "
            "event that brought {exhibitors} exhibitors together with buyers from "
            "{countries} countries.",
            "Organisers said about {visitors} people visited over four days. "
            "Handmade goods with clear information about where and how they were made "
            "drew the most interest.",
            "{p1}, {p1_role}, said one order alone would keep a workshop of six busy for "
            "three months. Buyers asked for photographs of the workshop and the dyes used.",
            "{p2}, {p2_role}, said customers increasingly wanted to know the story behind "
            "what they bought.",
        ],
        "subheads": ["First orders"],
        "quotes": [("They wanted to see our hands at work, not only the carpet.", "p1")],
        "caption": "Evening outside the fair halls.",
    },
    {
        "key": "small-firms",
        "scene": "city",
        "topics": ["Markets"],
        "org": "Chamber of Small Traders",
        "nums": {"firms": (600, 2400, 100), "pct": (52, 68), "hire": (18, 35)},
        "roles": [
            ("the Chamber of Small Traders' chief economist", "economist, Chamber of Small Traders")
        ],
        "roles2": [("who runs a bicycle repair shop in {town}", "shop owner")],
        "headlines": [
            "Small traders more confident for the season ahead, survey finds",
            "Survey of {firms} small firms finds rising confidence",
        ],
        "social": "Small firms feel more upbeat",
        "summary": [
            "Most small firms, {pct} per cent, expect sales to rise, according to the "
            "Chamber of Small Traders.",
            "About {hire} per cent plan to take on staff.",
        ],
        "paras": [
            "Small businesses are more confident about the coming season than they were a "
            "year ago, according to a survey of {firms} firms by the Chamber of Small "
            "Traders, a business association.",
            "Of the firms that replied, {pct} per cent said they expected sales to rise "
            "and about {hire} per cent said they planned to take on at least one new "
            "employee.",
            "{p1}, {p1_role}, said steadier prices for fuel and materials had helped. "
            "Firms in towns such as {town} were slightly more optimistic than those in "
            "large cities.",
            "{p2}, {p2_role}, said repairs had overtaken sales of new bicycles for the first time.",
            "The chamber will repeat the survey in three months.",
        ],
        "subheads": ["Plans to hire"],
        "quotes": [("People are fixing things rather than replacing them.", "p2")],
        "caption": "A high street in {town}.",
    },
    {
        "key": "airline",
        "scene": "hills",
        "topics": ["Transport", "Trade"],
        "org": "Silkwind Air",
        "nums": {"flights": (2, 5), "seats": (70, 90, 2), "minutes": (50, 95, 5)},
        "roles": [("Silkwind Air's commercial director", "commercial director, Silkwind Air")],
        "roles2": [("who runs a guesthouse in {town}", "guesthouse owner")],
        "headlines": [
            "Silkwind Air adds flights to {town}",
            "{town} airfield welcomes new Silkwind Air service",
        ],
        "social": "New flights for {town}",
        "summary": [
            "Silkwind Air will fly to {town} {flights_w} times a week.",
            "The {seats}-seat turboprops cut a day's drive to {minutes} minutes.",
        ],
        "paras": [
            "Silkwind Air, a regional airline, will start flying to the small "
            "airfield at {town} in {region} next month, with {flights_w} return flights a "
            "week from the regional capital.",
            "The airline will use {seats}-seat turboprop aircraft. The flight takes about "
            "{minutes} minutes, compared with most of a day by road.",
            "{p1}, {p1_role}, said early bookings were mainly from families and from "
            "engineers working on local projects.",
            "{p2}, {p2_role}, said guests who had only a weekend to spare would now be "
            "able to visit.",
        ],
        "subheads": ["A day's drive in an hour"],
        "quotes": [("Small airfields keep small towns connected.", "p1")],
        "caption": "Countryside near {town}, soon to be served by Silkwind Air.",
    },
]
