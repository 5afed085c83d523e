"""Story kinds for the regional sections (News > Afghanistan, Americas, ...).
See the package's docstring for the slots."""

from .places import COLD_TOWNS

REGIONAL_KINDS = [
    {
        "key": "footbridge",
        "scene": "river",
        "topics": ["Transport"],
        "expert": "works",
        "nums": {"months": (3, 8), "metres": (40, 120, 5), "crossings": (300, 1500, 50)},
        "roles": [
            ("a nurse at the clinic on the east bank", "nurse"),
            ("who runs a tailoring shop near the market", "tailor"),
            ("a retired schoolteacher", "retired teacher"),
        ],
        "headlines": [
            "Footbridge at {town} reopens after {months_w} months of repairs",
            "{town} footbridge open again as residents end long detour",
        ],
        "social": "{town}'s footbridge is open again",
        "summary": [
            "The {metres}-metre footbridge at {town} reopened on {day} after {months_w} "
            "months of repairs.",
            "Residents had taken a long detour by road while it was closed.",
            "Engineers replaced the deck boards and two supporting cables.",
        ],
        "paras": [
            "The footbridge across the river at {town} in {region} reopened on {day}, "
            "ending {months_w} months in which residents made a long detour by road to "
            "reach the market on the far bank. Local officials said about {crossings} "
            "people use the bridge on a normal day.",
            "Work began after an inspection found corrosion in two of the steel cables "
            "that carry the {metres}-metre deck. Crews replaced both cables, laid new "
            "timber boards and raised the handrails on the eastern approach.",
            "{p1}, {p1_role}, said the closure had added most of an hour to the daily "
            "journey. Traders on the west bank said some regular customers had stopped "
            "coming altogether while the detour was in place.",
            "{expert}, {expert_role}, said bridges of this kind usually need new cables "
            "every 25 to 30 years. Regular inspections, {expert_last} said, cost far less "
            "than emergency repairs after a flood.",
            "The district has asked for a second inspection before the spring melt, when "
            "the river is usually at its highest. Cyclists are asked to walk across.",
        ],
        "subheads": ["A long way round", "What was replaced"],
        "quotes": [
            (
                "Before, we crossed in five minutes. For months it has taken most of an hour.",
                "p1",
            )
        ],
        "caption": "The river at {town}, where the rebuilt footbridge reopened on {day}.",
    },
    {
        "key": "bus",
        "scene": "hills",
        "topics": ["Transport"],
        "expert": "works",
        "nums": {"km": (25, 90), "trips": (3, 6), "fare": (20, 60, 5), "stops": (6, 14)},
        "roles": [
            ("a student who travels to classes in the regional centre", "student"),
            ("who sells vegetables at the weekly market", "market trader"),
            ("a driver on the new route", "bus driver"),
        ],
        "headlines": [
            "New bus route links {town} with the regional centre",
            "Daily buses return to {town} after a decade without a service",
        ],
        "social": "A bus service for {town}",
        "summary": [
            "A new bus route connects {town} with the regional centre {km} km away.",
            "Buses run {trips_w} times a day and stop at {stops_w} villages on the way.",
        ],
        "paras": [
            "A new bus service began running between {town} and the regional centre in "
            "{region} on {day}, giving villages along the {km}-kilometre road a scheduled "
            "connection for the first time in years. Buses run {trips_w} times a day in "
            "each direction.",
            "The route stops at {stops_w} villages and the first departure leaves {town} "
            "early enough for passengers to reach offices and classes by nine. The "
            "operator said fares would be held at the launch price until the end of the "
            "year.",
            "{p1}, {p1_role}, said shared taxis had been the only option until now and "
            "did not leave until every seat was full. A timetable, the passenger said, "
            "meant a day could finally be planned.",
            "{expert}, {expert_role}, said rural routes usually take a year to build up "
            "regular passengers. Keeping to the timetable in the first months matters more "
            "than the price of a ticket, {expert_last} said.",
            "The operator will count passengers for six months before deciding whether to "
            "add a late-evening departure. Comments can be left with drivers or at the "
            "ticket kiosk in the market square.",
        ],
        "subheads": ["A timetable at last", "What happens next"],
        "quotes": [("The taxi leaves when it is full. The bus leaves at seven.", "p1")],
        "caption": "The road out of {town}, now served by {trips_w} buses a day.",
    },
    {
        "key": "clinic-solar",
        "scene": "hills",
        "topics": ["Health", "Energy"],
        "nums": {"panels": (12, 40), "hours": (4, 9), "doses": (800, 3000, 100)},
        "roles": [
            ("the clinic's lead nurse", "lead nurse"),
            ("a midwife at the clinic", "midwife"),
            ("the clinic's administrator", "clinic administrator"),
        ],
        "roles2": [("an electrician who helped fit the system", "electrician")],
        "headlines": [
            "Solar panels keep vaccines cold at {town} clinic",
            "{town} clinic switches to solar power after years of generator trouble",
        ],
        "social": "Sunshine now powers the {town} clinic's fridges",
        "summary": [
            "The health clinic in {town} has installed {panels} solar panels and a battery store.",
            "Staff say vaccine fridges no longer depend on an unreliable diesel generator.",
        ],
        "paras": [
            "The health clinic in {town} in {region} has switched to solar power, fitting "
            "{panels} panels on its roof and a battery store that can run the building for "
            "about {hours_w} hours after dark. Staff said the change was made mainly to "
            "protect vaccines, which must be kept cold at all times.",
            "Until now the clinic relied on mains electricity that often failed in the "
            "evening and on a diesel generator that was expensive to run. {p1}, "
            "{p1_role}, said staff had sometimes moved vaccines to a neighbour's freezer "
            "during long power cuts.",
            "The clinic holds about {doses} doses of routine childhood vaccines at any one "
            "time. A temperature logger now records the fridge every ten minutes and "
            "sends an alert if it warms up.",
            "{p2}, {p2_role}, said it had been designed so that local technicians "
            "can replace batteries without special tools. Spare fuses and a manual are "
            "kept in the clinic's store room.",
            "The generator will be kept as a back-up for cloudy weeks in winter. Staff "
            "said fuel savings would be spent on supplies for the maternity room.",
        ],
        "subheads": ["Cold chain", "Looking after the system"],
        "quotes": [
            (
                "The fridge is the most important machine in this building. Now it never stops.",
                "p1",
            )
        ],
        "caption": "Hills outside {town}, where the clinic now runs on solar power.",
    },
    {
        "key": "canal",
        "scene": "fields",
        "topics": ["Water", "Agriculture"],
        "expert": "land",
        "nums": {"km": (4, 15), "farms": (60, 400, 10), "volunteers": (40, 200, 10)},
        "roles": [
            ("who grows {crop} on the edge of {town}", "farmer"),
            ("who keeps the rota for opening the sluice gates", "water warden"),
        ],
        "headlines": [
            "Farmers in {town} finish clearing {km}-kilometre irrigation canal",
            "Irrigation canal near {town} flows again after volunteer clean-up",
        ],
        "social": "{town}'s canal is flowing again",
        "summary": [
            "Farmers and volunteers cleared silt from {km_w} kilometres of irrigation canal "
            "near {town}.",
            "About {farms} farms draw water from the canal during the growing season.",
        ],
        "paras": [
            "Farmers near {town} in {region} have finished clearing silt and stones from "
            "{km_w} kilometres of irrigation canal, ahead of the next growing season. About "
            "{volunteers} volunteers worked in shifts over three weekends.",
            "The canal takes water from the river above the town and feeds about {farms} "
            "farms, most of them small plots of {crop} and vegetables. Silt had built up "
            "over several years and slowed the flow to the lower fields.",
            "{p1}, {p1_role}, said water had reached the last fields a full day later than "
            "it should last season. The rota that decides which farm opens its gate, and "
            "when, is now being rewritten.",
            "{expert}, {expert_role}, said canal maintenance was one of the cheapest ways "
            "to protect a harvest. Clearing a channel every year, {expert_last} said, "
            "avoids the heavy work of digging it out after a decade.",
            "The volunteers plan to line the steepest section with stone next year. "
            "Farmers have agreed to contribute one day of work per plot.",
        ],
        "subheads": ["Three weekends of work", "Sharing the water"],
        "quotes": [("When the canal is clean, everyone downstream can see it.", "p1")],
        "caption": "Fields below {town} that draw water from the cleared canal.",
    },
    {
        "key": "harvest",
        "scene": "fields",
        "topics": ["Agriculture", "Markets"],
        "expert": "land",
        "nums": {"pct": (8, 30), "growers": (40, 300, 10), "tonnes": (120, 900, 10)},
        "roles": [
            ("who has grown {crop} in {town} for twenty years", "grower"),
            ("a buyer at the wholesale market", "wholesale buyer"),
            ("who runs a packing shed outside {town}", "packing shed owner"),
        ],
        "headlines": [
            "{town} growers report larger {crop_adj} harvest",
            "Good season for {crop} as {town} growers bring in harvest",
        ],
        "social": "A good year for {crop} in {town}",
        "summary": [
            "Growers in {town} expect their {crop_adj} harvest to be about {pct} per cent "
            "larger than last year's.",
            "Mild spring weather and fewer late frosts helped the crop.",
            "Buyers say prices at the wholesale market have stayed steady.",
        ],
        "paras": [
            "Growers around {town} in {region} are bringing in a {crop_adj} harvest that "
            "they expect to be about {pct} per cent larger than last year's. About {growers} "
            "households in the area grow the crop.",
            "Farmers credited a mild spring with few late frosts, and better irrigation "
            "on the lower slopes. Early estimates put the total at about {tonnes} tonnes.",
            "{p1}, {p1_role}, said the harvest had started a week earlier than usual. Extra "
            "workers have been hired from nearby villages for the busiest fortnight.",
            "Prices at the wholesale market have held steady so far. {expert}, "
            "{expert_role}, said a bigger crop did not always mean lower prices, because "
            "better quality produce could be stored longer and sold later in the season.",
            "Growers' associations are asking for more cold-storage space so that less of "
            "the harvest has to be sold at once. A decision on a shared store is expected "
            "before the next season.",
        ],
        "subheads": ["A mild spring", "Prices and storage"],
        "quotes": [("We have not had a year like this for a long time. Everyone is busy.", "p1")],
        "caption": "Fields around {town} during the {crop_adj} harvest.",
    },
    {
        "key": "weather",
        "towns": COLD_TOWNS,
        "scene": "mountains",
        "palette": "winter",
        "topics": ["Weather"],
        "nums": {"cm": (15, 60, 5), "temp": (6, 15), "days": (2, 4)},
        "roles": [
            ("a duty forecaster at the regional weather office", "forecaster"),
            ("a forecaster who has covered the region for a decade", "forecaster"),
        ],
        "roles2": [
            ("who drives a delivery lorry over the pass", "lorry driver"),
            ("who runs a minibus service from {town}", "minibus operator"),
        ],
        "headlines": [
            "Forecasters expect early snow in the hills above {town}",
            "{town} prepares for first cold snap of the season",
        ],
        "social": "Snow is on the way for {town}",
        "summary": [
            "Up to {cm} cm of snow is forecast on higher ground near {town} over the next "
            "{days_w} days.",
            "Night temperatures could fall to minus {temp} degrees Celsius.",
            "Travellers are advised to carry warm clothing and check road reports.",
        ],
        "paras": [
            "Forecasters have warned of the season's first significant snowfall on high "
            "ground around {town} in {region}, with up to {cm} centimetres expected over "
            "the next {days_w} days. Lower valleys are likely to see cold rain.",
            "Night temperatures could fall to minus {temp} degrees Celsius in exposed "
            "places. {p1}, {p1_role}, said the cold spell was arriving about two weeks "
            "earlier than the long-term average.",
            "Road crews have moved gravel and grit to depots along the main routes. "
            "Drivers are advised to carry warm clothing, water and a charged phone, and to "
            "check road reports before setting out.",
            "{p2}, {p2_role}, said most drivers had already fitted winter tyres. Schools "
            "and markets are expected to open as normal.",
            "The weather office will issue updates each morning and evening. Forecasters "
            "said the snow was likely to melt quickly at lower levels by the end of the "
            "week.",
        ],
        "subheads": ["Advice for travellers", "How long it will last"],
        "quotes": [("It is early, but it is not unusual. People here know what to do.", "p1")],
        "caption": "High ground near {town}, where snow is forecast this week.",
    },
    {
        "key": "library-van",
        "scene": "hills",
        "topics": ["Books", "Education"],
        "nums": {"books": (1200, 4000, 100), "villages": (8, 20), "readers": (150, 700, 10)},
        "roles": [("the librarian who drives the van", "librarian")],
        "roles2": [
            ("a parent in one of the villages on the route", "parent"),
            ("a farmer who borrows books on beekeeping", "farmer"),
        ],
        "headlines": [
            "Mobile library brings books to villages around {town}",
            "Library van from {town} reaches {villages} villages",
        ],
        "social": "The library that comes to you",
        "summary": [
            "A library van based in {town} now visits {villages_w} villages every fortnight.",
            "It carries about {books} books and has signed up {readers} readers.",
        ],
        "paras": [
            "A converted van carrying about {books} books has started visiting "
            "{villages_w} villages around {town} in {region}, giving families without a "
            "library nearby the chance to borrow books every fortnight.",
            "The van stops for an hour in each village, usually outside a school, a shop "
            "or a meeting hall. Borrowers can order titles in advance by phone "
            "and collect them on the next visit.",
            "{p1}, {p1_role}, said children's picture books and practical guides to "
            "farming and repairs were the most requested. About {readers} readers have "
            "signed up since the first trip.",
            "{p2}, {p2_role}, said the visits had become a small social occasion, with "
            "neighbours swapping recommendations while they waited.",
            "The service plans to add a solar-powered reading lamp lending scheme in the "
            "winter months, when evenings are long.",
        ],
        "subheads": ["An hour in each village", "What people borrow"],
        "quotes": [("The children wait at the roadside. They know the sound of the van.", "p1")],
        "caption": "The road between villages near {town}, on the library van's route.",
    },
    {
        "key": "trees",
        "scene": "river",
        "topics": ["Environment"],
        "expert": "land",
        "nums": {"trees": (800, 5000, 100), "km": (2, 9), "schools": (3, 9)},
        "roles": [
            ("a teacher who brought a class to help", "teacher"),
            ("who organised the planting days", "organiser"),
        ],
        "headlines": [
            "Volunteers plant {trees} trees along the river at {town}",
            "{town} river banks get new trees to hold back floods",
        ],
        "social": "{trees} trees for {town}'s river",
        "summary": [
            "Volunteers planted {trees} saplings along {km_w} kilometres of river bank near "
            "{town}.",
            "The trees are meant to hold the soil together during spring floods.",
        ],
        "paras": [
            "Volunteers have planted {trees} saplings along {km_w} kilometres of river bank "
            "near {town} in {region}, in a project meant to stop the banks from washing "
            "away during spring floods.",
            "Pupils from {schools_w} schools took part alongside farmers whose fields border "
            "the river. Willow and poplar were chosen because their roots spread quickly "
            "and hold loose soil.",
            "{p1}, {p1_role}, said each class had adopted a stretch of bank and would "
            "return in the summer to water the young trees.",
            "{expert}, {expert_role}, said planting was most effective when combined with "
            "keeping livestock away from the banks for the first two years. Fencing has "
            "been put up along the most exposed sections.",
            "The organisers plan a count of surviving saplings next autumn. Any gaps will "
            "be replanted the following spring.",
        ],
        "subheads": ["Roots that hold", "Coming back in summer"],
        "quotes": [("Each class has its own stretch of river now.", "p1")],
        "caption": "The river near {town}, where volunteers planted saplings.",
    },
    {
        "key": "market-hall",
        "scene": "city",
        "topics": ["Markets"],
        "nums": {"stalls": (40, 140, 5), "years": (3, 6)},
        "roles": [
            ("who sells spices and dried fruit", "stallholder"),
            ("who has sold fabric at the market for many years", "fabric seller"),
        ],
        "headlines": [
            "Weekly market in {town} moves under one roof",
            "{town} traders settle into new covered market hall",
        ],
        "social": "{town}'s market moves indoors",
        "summary": [
            "The weekly market in {town} has moved into a covered hall with {stalls} stalls.",
            "Traders say the roof will keep business going in rain and summer heat.",
        ],
        "paras": [
            "The weekly market in {town} in {region} has moved from the open square into a "
            "new covered hall with space for {stalls} stalls. The building took about "
            "{years_w} years to plan and build.",
            "The hall has running water, drains and a loading bay at the back, so that "
            "deliveries no longer block the main street. Stall rents are unchanged for "
            "the first year.",
            "{p1}, {p1_role}, said rainy market days used to mean packing up by noon. "
            "Customers, the trader said, now stay longer and compare prices.",
            "The old square will be used for parking on market days and for festivals "
            "during the rest of the week.",
            "A committee of traders will meet monthly with the hall's managers to settle "
            "questions about pitches and opening hours.",
        ],
        "subheads": ["Room for everyone", "The old square"],
        "quotes": [("Rain used to close the market. Now it closes when we choose.", "p1")],
        "caption": "The centre of {town}, where the new market hall opened.",
    },
    {
        "key": "phone-mast",
        "scene": "mountains",
        "topics": ["Technology"],
        "nums": {"villages": (5, 14), "people": (2000, 9000, 100)},
        "roles": [("a shopkeeper in one of the upper villages", "shopkeeper")],
        "roles2": [("a health worker who visits the valley", "health worker")],
        "headlines": [
            "New mobile mast brings phone signal to valley above {town}",
            "Villages above {town} connected to mobile network",
        ],
        "social": "Phone signal reaches the valley above {town}",
        "summary": [
            "A mast above {town} gives {villages_w} villages a mobile signal for the first time.",
            "About {people} people live in the area it covers.",
        ],
        "paras": [
            "A new mobile phone mast on the ridge above {town} in {region} has brought a "
            "signal to {villages_w} villages that until now had none. About {people} people "
            "live in the area it covers.",
            "Residents previously walked to a hilltop or drove to {town} to make calls. "
            "{p1}, {p1_role}, said orders from suppliers could now be placed in minutes "
            "rather than days.",
            "The mast runs on solar power with a battery back-up, and engineers said it "
            "was designed to withstand winter winds on the ridge.",
            "{p2}, {p2_role}, said being able to call ahead meant patients could be told "
            "when a visit was coming and medicines could be ordered before they ran out.",
        ],
        "subheads": ["No more climbing for a signal"],
        "quotes": [("We used to climb the hill to make a call. Now we call from home.", "p1")],
        "caption": "The ridge above {town}, where the new mast stands.",
    },
    {
        "key": "seeds",
        "scene": "fields",
        "topics": ["Agriculture", "Climate"],
        "expert": "land",
        "nums": {"farmers": (150, 900, 10), "varieties": (3, 7), "pct": (10, 25)},
        "roles": [("who farms a small plot outside {town}", "farmer")],
        "headlines": [
            "{town} farmers swap seeds to cope with drier summers",
            "Seed exchange in {town} shares drought-tolerant varieties",
        ],
        "social": "Sharing seeds for a drier future",
        "summary": [
            "About {farmers} farmers took part in a seed exchange in {town}.",
            "Organisers shared {varieties_w} varieties of {crop} and vegetables chosen to "
            "need less water.",
        ],
        "paras": [
            "About {farmers} farmers gathered in {town} in {region} on {day} for a seed "
            "exchange focused on varieties that need less water, after two unusually dry "
            "summers in the area.",
            "Organisers shared {varieties_w} varieties of {crop} and vegetables that local "
            "growers had tested over several seasons. Each farmer left with small packets "
            "and a sheet of planting notes.",
            "{p1}, {p1_role}, said one of the tested varieties had used about {pct} per "
            "cent less water last year with a similar yield.",
            "{expert}, {expert_role}, said seed saved and selected locally is often better "
            "suited to local soils than imported seed. Keeping records of what grows well "
            "is as important as the seed itself, {expert_last} said.",
            "Participants agreed to bring back part of their harvest next year, so the "
            "exchange can grow.",
        ],
        "subheads": ["Tested in local fields"],
        "quotes": [("We keep the seed that survives. That is how it has always worked.", "p1")],
        "caption": "Farmland near {town}, where growers are trying new varieties.",
    },
    {
        "key": "cold-store",
        "scene": "hills",
        "palette": "noon",
        "topics": ["Agriculture", "Trade"],
        "org": None,
        "nums": {"tonnes": (200, 800, 20), "growers": (50, 250, 10)},
        "roles": [
            ("who chairs the growers' cooperative", "cooperative chair"),
            ("who grows {fruit} in {town}", "grower"),
        ],
        "headlines": [
            "Cold store opens in {town} so growers can sell {fruit} later",
            "{town} growers gain cold store for their {fruit}",
        ],
        "social": "More time to sell the {fruit_adj} crop",
        "summary": [
            "A cold store holding up to {tonnes} tonnes has opened in {town}.",
            "About {growers} growers can now keep produce and sell when prices are better.",
        ],
        "paras": [
            "A cold store able to hold up to {tonnes} tonnes of produce has opened in "
            "{town} in {region}, giving growers of {fruit} the option to sell weeks after "
            "harvest instead of all at once.",
            "About {growers} growers share the store through a cooperative, paying by the "
            "crate and by the week. The building is insulated with local stone and runs "
            "partly on solar power.",
            "{p1}, {p1_role}, said that in past years traders knew growers had to sell "
            "quickly. Being able to wait, the grower said, changes the conversation about "
            "price.",
            "The cooperative will keep a public board at the entrance showing how much "
            "space is left each week.",
        ],
        "subheads": ["Selling later"],
        "quotes": [("Now we can wait a few weeks. That is worth a lot.", "p1")],
        "caption": "Orchards near {town}, where growers now share a cold store.",
    },
    {
        "key": "voter-register",
        "scene": "city",
        "topics": ["Elections"],
        "not_in": ["afghanistan"],
        "nums": {"days": (10, 21), "offices": (4, 12), "voters": (8000, 60000, 500)},
        "roles": [("the area's chief electoral officer", "electoral officer")],
        "roles2": [("a volunteer at the town hall help desk", "volunteer")],
        "headlines": [
            "Voter register opens for inspection in {town} before council vote",
            "{town} residents asked to check voter register ahead of local election",
        ],
        "social": "Check you are on the register, {town}",
        "summary": [
            "The voter register for {town} is open for inspection for {days} days.",
            "Residents can check their details at {offices_w} offices or online.",
            "Corrections must be made before the register is finalised for the council vote.",
        ],
        "paras": [
            "The draft voter register for {town} in {region} is open for inspection for "
            "{days} days, ahead of next spring's council election. About {voters} people "
            "are listed.",
            "Residents can check their details at {offices_w} public offices or on the "
            "electoral office's website. Corrections, such as a change of address, must be "
            "made before the register is finalised.",
            "{p1}, {p1_role}, said inspections were a routine part of every election and "
            "that most corrections were simple spelling errors or recent moves.",
            "{p2}, {p2_role}, said older residents often asked for help reading the lists, "
            "and that large-print copies were available on request.",
            "The final register will be published six weeks before polling day. The "
            "electoral office will also test its counting procedures in a public rehearsal "
            "next month.",
        ],
        "subheads": ["How to check", "After the inspection"],
        "quotes": [("A correct register is the quiet foundation of every election.", "p1")],
        "caption": "The centre of {town}, where the register can be inspected.",
    },
    {
        "key": "school-roof",
        "scene": "hills",
        "topics": ["Education"],
        "not_in": ["afghanistan"],
        "nums": {"pupils": (120, 600, 10), "weeks": (5, 10)},
        "roles": [("the school's head teacher", "head teacher")],
        "roles2": [("a parent of two pupils", "parent")],
        "headlines": [
            "Pupils in {town} return to classrooms under a new roof",
            "{town} primary school reopens after summer roof repairs",
        ],
        "social": "Back to class in {town}",
        "summary": [
            "About {pupils} pupils returned to a primary school in {town} after roof repairs.",
            "The work took {weeks_w} weeks and was finished before the start of term.",
        ],
        "paras": [
            "About {pupils} pupils returned to their primary school in {town} in {region} "
            "this week after builders replaced the roof over the summer. The work took "
            "{weeks_w} weeks.",
            "The old roof leaked in heavy rain and two classrooms had been closed for much "
            "of the previous winter. The new one is insulated, which staff expect to cut "
            "heating costs.",
            "{p1}, {p1_role}, said lessons had been squeezed into the hall and the library "
            "while the classrooms were closed. Having every room back, the head teacher "
            "said, made timetabling simple again.",
            "{p2}, {p2_role}, said children had been most excited about the new skylights "
            "in the art room.",
        ],
        "subheads": ["Dry classrooms"],
        "quotes": [("For the first time in two years, every classroom is in use.", "p1")],
        "caption": "Hills around {town}, where pupils are back in class.",
    },
]
