"""Story kinds for Sport. See the package's docstring for the slots."""

from .places import CRICKET_TOWNS, MOUNTAIN_TOWNS

SPORT_KINDS = [
    {
        "key": "cup-final",
        "scene": "stadium",
        "topics": ["Football"],
        "nums": {"home": (2, 4), "away": (0, 1), "crowd": (3000, 12000, 100)},
        "roles": [("the {town} Rovers coach", "coach, {town} Rovers")],
        "roles2": [("the {town} Rovers captain", "captain, {town} Rovers")],
        "headlines": [
            "{town} Rovers win regional cup final {home}-{away}",
            "Late goals settle regional cup final for {town} Rovers",
        ],
        "social": "Cup glory for {town} Rovers",
        "summary": [
            "{town} Rovers beat Eastfield Athletic {home}-{away} in the regional cup final.",
            "A crowd of {crowd} watched the match.",
        ],
        "paras": [
            "{town} Rovers, an amateur club, won the regional cup final on {day}, beating "
            "Eastfield Athletic {home}-{away} in front of a crowd of {crowd}.",
            "The first half was cautious and goalless. Rovers took the lead soon after the "
            "break with a low shot from the edge of the area and added more as Eastfield "
            "tired.",
            "{p1}, {p1_role}, said the squad had trained twice a week all season while "
            "most of its players also worked full time.",
            "{p2}, {p2_role}, lifted the trophy and dedicated the win to the volunteers "
            "who maintain the club's pitch.",
        ],
        "subheads": ["Pulling away after the break"],
        "quotes": [("Everyone in this team has another job. That makes this special.", "p1")],
        "caption": "Floodlights at the regional cup final.",
    },
    {
        "key": "marathon",
        "scene": "city",
        "palette": "dawn",
        "topics": ["Athletics"],
        "nums": {"runners": (1500, 6000, 100), "mins": (10, 59), "charities": (10, 40)},
        "roles": [("who won the race", "race winner")],
        "roles2": [("who finished second", "runner-up")],
        "headlines": [
            "Record field of {runners} runners in the {town} marathon",
            "{town} marathon draws its biggest field yet",
        ],
        "social": "{runners} runners, one town",
        "summary": [
            "A record {runners} people ran the {town} marathon.",
            "Runners raised money for {charities} local charities.",
        ],
        "paras": [
            "A record {runners} runners took part in the {town} marathon in {region} on "
            "{day}, setting off in the cool of the early morning.",
            "{p1} won in two hours and {mins} minutes, pulling clear of {p2} in the "
            "last five kilometres. Both said the cool start had helped.",
            "Runners raised money for {charities} local charities. Residents along the "
            "route handed out water, fruit and music from balconies.",
            "Organisers said next year's race would add a shorter family run.",
        ],
        "subheads": ["Cheered along the route"],
        "quotes": [("The last ten kilometres were carried by the crowd.", "p1")],
        "caption": "Early morning on the marathon route in {town}.",
    },
    {
        "key": "cricket",
        "towns": CRICKET_TOWNS,
        "scene": "stadium",
        "palette": "noon",
        "topics": ["Cricket"],
        "nums": {"runs": (160, 240), "margin": (8, 40), "overs": (18, 20)},
        "roles": [("the {town} Falcons captain", "captain, {town} Falcons")],
        "roles2": [("the club's youth coach", "youth coach, {town} Falcons")],
        "headlines": [
            "{town} Falcons win club cricket league by {margin} runs",
            "{town} Falcons take league title in final over",
        ],
        "social": "A title for the {town} Falcons",
        "summary": [
            "The {town} Falcons, a club side, won the league final by {margin} runs.",
            "They set a target of {runs} in their {overs} overs.",
        ],
        "paras": [
            "The {town} Falcons, a club cricket side from {region}, won their league "
            "final by {margin} runs on {day} after setting a target of {runs}.",
            "The Falcons' middle order added quick runs in the last five overs. In reply "
            "their opponents started well but lost wickets steadily after the drinks "
            "break.",
            "{p1}, {p1_role}, praised the fielding, which saved at least twenty runs.",
            "{p2}, {p2_role}, said the club's junior training sessions had produced "
            "three of the team's regular players.",
        ],
        "subheads": ["A strong finish"],
        "quotes": [("We won it in the field as much as with the bat.", "p1")],
        "caption": "The ground where the final was played.",
    },
    {
        "key": "chess",
        "scene": "city",
        "palette": "overcast",
        "topics": ["Chess"],
        "nums": {"players": (80, 300, 10), "schools": (10, 40), "rounds": (5, 9)},
        "roles": [("a 14-year-old who won the open section", "open section winner")],
        "roles2": [("the tournament's organiser", "organiser")],
        "headlines": [
            "{players} young players at {town} schools chess tournament",
            "Schools chess tournament in {town} crowns its youngest champion",
        ],
        "social": "Schools chess in {town}",
        "summary": [
            "Pupils from {schools} schools played {rounds_w} rounds in {town}.",
            "The open section was won by a 14-year-old.",
        ],
        "paras": [
            "In all, {players} pupils from {schools} schools took part in the annual "
            "schools chess tournament in {town} in {region}, playing {rounds_w} rounds over a "
            "weekend.",
            "{p1}, {p1_role}, dropped only half a point all weekend, in a long draw in "
            "the final round.",
            "{p2}, {p2_role}, said the number of girls taking part had doubled in three "
            "years, helped by a lunchtime club at several schools.",
            "The top players qualify for the national schools final in the spring.",
        ],
        "subheads": ["A long final round"],
        "quotes": [("The draw was harder than any of the wins.", "p1")],
        "caption": "The hall in {town} where the tournament was held.",
    },
    {
        "key": "cycling",
        "towns": MOUNTAIN_TOWNS,
        "scene": "mountains",
        "palette": "noon",
        "topics": ["Cycling"],
        "nums": {"km": (120, 190, 5), "climb": (1800, 3600, 100), "riders": (90, 160, 5)},
        "roles": [("who won the stage", "stage winner")],
        "roles2": [("a team director", "team director")],
        "headlines": [
            "Mountain stage to {town} shakes up regional cycling race",
            "Climb to {town} decides the hardest day of the race",
        ],
        "social": "A hard day in the mountains",
        "summary": [
            "The {km}-km stage to {town} included {climb} metres of climbing.",
            "A field of {riders} riders started the stage.",
        ],
        "paras": [
            "The mountain stage of the regional cycling race finished in {town}, "
            "{region}, on {day} after {km} kilometres and {climb} metres of climbing.",
            "A field of {riders} riders started. A small group broke away on the final "
            "climb, and {p1} attacked alone with three kilometres to go.",
            "{p2}, {p2_role}, said the descent had been cold and wet, and that several "
            "riders had stopped to put on extra layers.",
            "The race continues with a flat stage along the valley.",
        ],
        "subheads": ["Alone on the final climb"],
        "quotes": [("I knew if I waited any longer I would not have the legs.", "p1")],
        "caption": "The mountain road climbing to {town}.",
    },
]
