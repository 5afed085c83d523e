"""Story kinds for Opinion. See the package's docstring for the slots."""

OPINION_KINDS = [
    {
        "key": "radio",
        "scene": "mountains",
        "palette": "dawn",
        "topics": ["Media"],
        "place_tags": ["Afghanistan"],
        "author": "farida-noorzai",
        "headlines": ["Local radio still carries the news that matters most"],
        "social": "In praise of local radio",
        "summary": [
            "Local radio reaches people where the internet does not.",
            "Its greatest value is in ordinary information: roads, prices, weather.",
        ],
        "paras": [
            "Every morning in the mountain villages I report from, the same thing happens "
            "at seven o'clock: radios are switched on. Not for entertainment, but for the "
            "road report, the bread price and the forecast.",
            "It is easy to assume that phones have replaced all of this. They have not. "
            "Signal is patchy, data costs money, and a radio runs for weeks on a set of "
            "batteries.",
            "The best local stations do something that national media cannot: they read "
            "out which bridge is closed, which clinic has a doctor today, and which school "
            "has moved its exams.",
            "That information is dull until you need it. Then it is the most important "
            "news of the day.",
            "Newsrooms, including ours, should treat radio as a partner and not as a "
            "relic. The audience is still there, listening at seven.",
        ],
        "subheads": ["Dull until you need it"],
        "quotes": [],
        "caption": "Morning over the mountains.",
    },
    {
        "key": "timetable",
        "scene": "hills",
        "topics": ["Transport", "Public services"],
        "author": "ingrid-haugen",
        "headlines": ["A timetable is a promise, and promises should be kept"],
        "social": "Why timetables matter",
        "summary": [
            "Reliable public transport depends less on speed than on keeping promises.",
            "Passengers plan their lives around a printed time.",
        ],
        "paras": [
            "Most debates about public transport are about speed. Faster trains, shorter "
            "journeys, new lines. But for people in small towns, the most valuable quality "
            "of a bus is that it comes when it says it will.",
            "A timetable is a promise. A parent arranging childcare, a worker starting a "
            "shift and a patient with an appointment all plan around it.",
            "When services are cut, the damage is not only the lost bus. It is the doubt "
            "it creates about every other bus. Passengers who cannot rely on a service "
            "stop using it, and then the service is cut again.",
            "Operators and councils should measure success by how often the promise is "
            "kept, and publish that number every month.",
        ],
        "subheads": ["The cost of doubt"],
        "quotes": [],
        "caption": "A country road at midday.",
    },
    {
        "key": "libraries",
        "scene": "city",
        "palette": "dusk",
        "topics": ["Books", "Public services"],
        "author": "nadia-rahimi",
        "headlines": ["Small libraries do work that no spreadsheet can measure"],
        "social": "What a small library is worth",
        "summary": [
            "Library budgets are judged by loans, but much of their value lies elsewhere.",
            "They are warm, free and open to everyone.",
        ],
        "paras": [
            "When a small library's budget is reviewed, the first number on the page is "
            "usually the count of books lent. It is a useful number. It is also the least "
            "interesting thing about a library.",
            "Libraries are among the few public places where no one has to buy anything "
            "to stay. Students revise there, job-seekers print forms, older readers come "
            "for the newspapers and the company.",
            "None of that appears in loan figures. A fairer measure would count visits, "
            "questions answered and hours of study.",
            "Before any branch is closed, those numbers should be gathered and published.",
        ],
        "subheads": ["Counting the right things"],
        "quotes": [],
        "caption": "A street of lit windows at dusk.",
    },
    {
        "key": "forecasts",
        "scene": "sea",
        "palette": "overcast",
        "topics": ["Weather", "Media"],
        "author": "priya-raman",
        "headlines": ["What a good weather forecast owes its listeners"],
        "social": "Forecasts should say how sure they are",
        "summary": [
            "Forecasts are more useful when they say how confident they are.",
            "Farmers, fishers and drivers make real decisions on them.",
        ],
        "paras": [
            "A forecast is a decision tool. A farmer deciding whether to cut hay, a fishing "
            "crew deciding whether to go out and a driver deciding whether to cross a pass "
            "all need the same thing: an honest sense of how likely the weather is.",
            "Too many forecasts still give a single answer, such as rain or no rain, "
            "without saying how sure anyone is. The science has moved on; the "
            "presentation often has not.",
            'Saying "seven chances in ten" is not a hedge. It is information, and '
            "listeners can handle it.",
            "Broadcasters should give the odds, explain them once, and trust their "
            "audience to use them.",
        ],
        "subheads": ["Give the odds"],
        "quotes": [],
        "caption": "Grey sky over the sea.",
    },
    {
        "key": "credits",
        "scene": "city",
        "topics": ["Media", "Photography"],
        "author": "leila-haddad",
        "headlines": ["Why we print the photographer's name under every picture"],
        "social": "Every photo has a name under it",
        "summary": [
            "A credit tells readers who stood there and took the picture.",
            "It is a small act of accountability and respect.",
        ],
        "paras": [
            "Readers sometimes ask why we print a name under every photograph, even small "
            "ones. The answer is simple: someone stood there and took it.",
            "A credit is a statement of responsibility. It tells the reader that a named "
            "person, working for a named organisation, vouches for what the picture shows.",
            "It is also a matter of respect. Photographers often work in difficult "
            "conditions, and their names belong next to their work.",
            "We will keep printing them, and we will keep asking other publishers to do the same.",
        ],
        "subheads": ["A name means responsibility"],
        "quotes": [],
        "caption": "A city street.",
    },
]
