"""The showcase article and the developing story: its article, story page and live blog."""

# The article that uses every body block: the newest, in News > Afghanistan.
SHOWCASE = {
    "title": "Valley towns reopen mountain road as winter nears",
    "social": "The road over Kotal Khana is open again",
    "town": "Kotal Khana",
    "region": "Parwan province",
    "tags": [
        ("Afghanistan", "place"),
        ("Parwan", "place"),
        ("Transport", "topic"),
        ("Weather", "topic"),
        ("Mariam Haidari", "person"),
    ],
    "authors": ["farida-noorzai", "hamid-sadeqi"],
    "summary": [
        "Crews have reopened the 38-kilometre road over the Kotal Khana pass after four "
        "months of repairs.",
        "Traders say lorries can now reach the valley's markets before the first heavy snow.",
        "Two snowploughs will be kept at the top of the pass this winter.",
    ],
    "caption": "The road over the Kotal Khana pass in Parwan province, reopened this week.",
}

# The developing story: an article with an update and a correction, a story
# timeline and an open live blog, linked from the front page. The article takes
# the place of the newest other story from Afghanistan, so counts stay the same.
DEVELOPING = {
    "title": "Flash floods cut roads around Pul-e Sorkh",
    "social": "Floods cut roads around Pul-e Sorkh",
    "tags": [
        ("Afghanistan", "place"),
        ("Balkh", "place"),
        ("Weather", "topic"),
        ("Transport", "topic"),
    ],
    "authors": ["hamid-sadeqi"],
    "summary": [
        "Heavy overnight rain sent floodwater through villages along the river below "
        "Pul-e Sorkh in Balkh province.",
        "The provincial roads office says the old river bridge is damaged but standing, "
        "and closed to lorries and buses.",
        "No injuries have been reported; families from low-lying houses are sheltering in "
        "the school on higher ground.",
    ],
    "body": [
        (
            "paragraph",
            "<p>Floodwater poured through villages along the river below Pul-e Sorkh in "
            "Balkh province before dawn, after the heaviest night of rain the valley has "
            "seen this year. The main road to the district centre is under water in two "
            "places.</p>",
        ),
        (
            "paragraph",
            "<p>Residents said on social media that the old river bridge had been swept "
            "away. The provincial roads office said the bridge was damaged but standing, "
            "and closed it to lorries and buses while engineers inspect it.</p>",
        ),
        ("subheading", "Families move to higher ground"),
        (
            "paragraph",
            "<p>About forty families from low-lying houses spent the night in the village "
            "school, which stands on a terrace above the river. Volunteers brought bread, "
            "blankets and tea. No injuries have been reported.</p>",
        ),
        (
            "quote",
            {
                "quote": "The water came up to the door in twenty minutes. We carried the "
                "children and the flour sacks up the hill.",
                "attribution": "Nasima Rahimi, a farmer from the lower village",
            },
        ),
        (
            "paragraph",
            "<p>Forecasters expect the rain to ease by the evening. The roads office asks "
            "drivers to avoid the valley road until it has been checked. Our live blog "
            "follows the story as it develops.</p>",
        ),
    ],
    "notes": [
        (
            "update",
            50,
            "Added the provincial roads office's statement that the bridge is closed "
            "to lorries and buses while engineers inspect it.",
        ),
        (
            "correction",
            90,
            "An earlier version of this article said the old river bridge had collapsed. "
            "Residents had reported that it had; the roads office says it is damaged but "
            "standing.",
        ),
    ],
    "caption": "The river below Pul-e Sorkh, where floodwater reached the villages overnight.",
}
STORY = {
    "title": "Floods in Balkh province",
    "slug": "balkh-floods",
    "intro": "Flash floods along the river below Pul-e Sorkh: what happened, what is "
    "closed and where to get help.",
}
LIVE_BLOG = {
    "title": "Balkh floods: live updates",
    "slug": "balkh-floods-live",
    "key_points": [
        "Flash floods hit villages along the river below Pul-e Sorkh overnight.",
        "The old river bridge is damaged but standing; it is closed to lorries and buses.",
        "About forty families are sheltering in the village school. No injuries reported.",
        "Forecasters expect the rain to ease by this evening.",
    ],
}
# Minutes after the live blog opened, headline, kind of entry, its text, pinned.
LIVE_ENTRIES = [
    (5, "Live blog opens", "text", "We are following the floods around Pul-e Sorkh as the "
     "day goes on. The newest updates are at the top.", False),
    (18, "", "text", "Our reporter in the valley says the water has reached the market "
     "street. Shopkeepers are moving stock to upper floors.", False),
    (31, "Bridge: conflicting reports", "text", "Residents are posting that the old river "
     "bridge has collapsed. We have not been able to confirm this and are asking the roads "
     "office.", False),
    (47, "Roads office: bridge damaged, not collapsed", "quote", "The bridge is damaged but "
     "it is standing. It is closed to lorries and buses until our engineers have inspected "
     "it.", False),
    (62, "", "photo", "Floodwater on the valley road below Pul-e Sorkh.", False),
    (80, "Where to get help", "text", "The village school is open as a shelter, with "
     "blankets and hot food. The district office asks anyone who needs help to move to call "
     "the emergency line or go to the mosque in the upper village, where volunteers are "
     "waiting.", True),
    (96, "", "embed", "Video of the river at the old bridge this morning, posted by a "
     "resident.", False),
    (115, "Families sheltering in the school", "text", "About forty families spent the "
     "night in the school. Volunteers say they need dry clothes and drinking water more than "
     "food.", False),
    (140, "", "article", "Our report on the night's floods has been updated.", False),
    (170, "Rain easing", "text", "The weather office says the heaviest rain has passed. "
     "Showers are still expected until the evening.", False),
    (205, "Valley road still closed", "text", "The valley road remains under water in two "
     "places. Drivers are asked to use the upper road through the villages.", False),
    (250, "", "text", "Water levels at the old bridge have started to fall, according to a "
     "resident who has been marking the level on a post every hour.", False),
]  # fmt: skip
EDITED_ENTRY = 9  # "Rain easing" was edited after it was posted
