"""What the demo writes, decided without the database: every article's section,
words, tags, authors and dates. Deterministic for a given seed (apart from dates,
which are relative to now)."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html import escape

from django.utils import timezone
from django.utils.text import slugify

from dateline.newsroom.models import NewsTag

from .content.business import BUSINESS_KINDS
from .content.culture import CULTURE_KINDS
from .content.developing import DEVELOPING, SHOWCASE
from .content.opinion import OPINION_KINDS
from .content.people import AUTHORS, PHOTOGRAPHERS
from .content.places import NAMES, REGIONS, SINGULAR
from .content.regional import REGIONAL_KINDS
from .content.science import SCIENCE_KINDS
from .content.sections import REGIONAL, ROTATION, SECTIONS
from .content.sport import SPORT_KINDS

MIN_ARTICLES, MAX_ARTICLES = 2, 200
DEFAULT_ARTICLES, DEFAULT_SEED = 40, 7

NUMBER_WORDS = "no one two three four five six seven eight nine ten".split()

KINDS_BY_SECTION = {
    **{slug: REGIONAL_KINDS for slug in REGIONAL},
    "business": BUSINESS_KINDS,
    "science": SCIENCE_KINDS,
    "culture": CULTURE_KINDS,
    "sport": SPORT_KINDS,
    "opinion": OPINION_KINDS,
}
TOPIC_TAG_FOR_SECTION = {"business": "Business", "science": "Science", "culture": "Culture"}


@dataclass
class ArticlePlan:
    index: int
    section: str
    kind: str
    title: str
    social_headline: str
    summary: list[str]
    body: list[tuple[str, object]]  # ("paragraph", html) / ("subheading", text) / ("quote", {})
    tags: list[tuple[str, str]]  # (name, kind)
    authors: list[str]  # author slugs
    scene: str
    palette: str | None
    caption: str
    photographer: str
    first_published_at: datetime
    updated_at: datetime | None = None
    related: list[int] = field(default_factory=list)  # indexes of earlier articles
    showcase: bool = False
    slug: str = ""
    notes: list[tuple[str, datetime, str]] = field(default_factory=list)  # kind, time, text
    story: bool = False

    @property
    def last_published_at(self) -> datetime:
        return self.updated_at or self.first_published_at


def _number_slots(rng: random.Random, nums: dict) -> dict:
    slots = {}
    for name, spec in nums.items():
        lo, hi, *step = spec
        value = rng.randrange(lo, hi + 1, step[0] if step else 1)
        slots[name] = f"{value:,}"
        slots[f"{name}_w"] = NUMBER_WORDS[value] if value <= 10 else f"{value:,}"
    return slots


def _person(rng: random.Random, country: str, taken: set[str], avoid: set[str]) -> str:
    """A fictional name from the country's common names, not used before in the demo.

    ``avoid``: given and family names already in the story, so that two people in
    one article never share a name (and do not read as relatives).
    """
    given, family = (names.split() for names in NAMES[country])
    given = [name for name in given if name not in avoid] or given
    family = [name for name in family if name not in avoid] or family
    for _ in range(50):
        name = f"{rng.choice(given)} {rng.choice(family)}"
        if name not in taken:
            taken.add(name)
            return name
    return name


def _fill(template: str, slots: dict, html: bool = False) -> str:
    if html:
        slots = {k: escape(v, quote=False) for k, v in slots.items()}
    text = template.format(**slots)
    return text[0].upper() + text[1:]


def _publication_times(count: int, rng: random.Random, now: datetime) -> list[datetime]:
    """Spread over the last four weeks, in daytime hours, oldest first."""
    # 27 days, not 28: moving a night-time moment into the day can take it up
    # to 17 hours earlier, and nothing may fall outside the four weeks.
    start = now - timedelta(days=27)
    end = now - timedelta(hours=3)
    span = (end - start).total_seconds()
    times = []
    for i in range(count - 1):
        moment = start + timedelta(seconds=span * i / max(count - 1, 1))
        moment += timedelta(minutes=rng.randint(-150, 150))
        if not 6 <= moment.hour <= 20:  # news desks publish by day
            moment = moment.replace(hour=rng.randint(7, 19))
        times.append(min(moment, end - timedelta(hours=1)).replace(second=0, microsecond=0))
    times.sort()
    times.append(end.replace(second=0, microsecond=0))  # the showcase is the newest
    return times


def plan_articles(count: int = DEFAULT_ARTICLES, seed: int = DEFAULT_SEED, now=None):
    """Decide every article's section, words, tags, authors and dates."""
    if not MIN_ARTICLES <= count <= MAX_ARTICLES:
        raise ValueError(f"articles must be between {MIN_ARTICLES} and {MAX_ARTICLES}")
    rng = random.Random(seed)
    now = now or timezone.now()
    times = _publication_times(count, rng, now)
    authors_by_section = {
        section: [slug for slug, _, _, sections, _ in AUTHORS if section in sections]
        for section in KINDS_BY_SECTION
    }
    kind_use, place_use, headlines = Counter(), Counter(), set()
    section_kinds: dict[str, set[str]] = {}
    taken_names = {a[1] for a in AUTHORS} | {
        name for region in REGIONS.values() for name, _ in region["experts"].values()
    }
    plans: list[ArticlePlan] = []

    for index in range(count - 1):
        section = ROTATION[index % len(ROTATION)]
        used_here = section_kinds.setdefault(section, set())
        # Where the story happens: the section's own region, or any region.
        region_keys = [section] if section in REGIONAL else list(REGIONS)
        places = [(r, p) for r in region_keys for p in REGIONS[r]["places"]]
        rng.shuffle(places)
        places.sort(key=lambda rp: place_use[rp[1][0]])
        fitting = {
            kind["key"]: [(r, p) for r, p in places if p[0] in kind.get("towns", (p[0],))]
            for kind in KINDS_BY_SECTION[section]
            if section not in kind.get("not_in", ())
        }
        # Kinds not yet used in this section first, then the least used overall.
        kinds = [k for k in KINDS_BY_SECTION[section] if fitting.get(k["key"])]
        rng.shuffle(kinds)
        kinds.sort(key=lambda k: (k["key"] in used_here, kind_use[k["key"]]))

        chosen = None
        for kind in kinds:
            for region, place in fitting[kind["key"]]:
                for template in rng.sample(kind["headlines"], len(kind["headlines"])):
                    chosen = (kind, region, place, template)
                    slots = _slots(rng, kind, region, place, times[index], taken_names)
                    title = _fill(template, slots)
                    if title not in headlines:
                        break
                else:
                    continue
                break
            else:
                continue
            break
        kind, region, place, template = chosen
        if title in headlines:  # every combination used: only when asked for very many
            title = f"{title}: part {sum(h.startswith(title) for h in headlines) + 1}"
        headlines.add(title)
        kind_use[kind["key"]] += 1
        used_here.add(kind["key"])
        place_use[place[0]] += 1
        plans.append(_plan_one(rng, index, section, kind, place, slots, title, times[index], now))
        _add_authors(rng, plans[-1], kind, section, region, authors_by_section)

    plans.append(_plan_showcase(rng, count - 1, times[-1], now))
    _relate(rng, plans, now)
    _plan_developing_story(plans)
    slugs: set[str] = set()
    for plan in plans:  # unique even where long headlines share their first 80 characters
        base = slugify(plan.title)[:80].strip("-")
        plan.slug, n = base, 1
        while plan.slug in slugs:
            n += 1
            plan.slug = f"{base[:75]}-{n}"
        slugs.add(plan.slug)
    return plans


def _slots(rng, kind, region, place, when, taken_names) -> dict:
    town, region_phrase, _, country = place
    data = REGIONS[region]
    crop, fruit = rng.choice(data["crops"]), rng.choice(data["fruit"])
    slots = {
        "town": town,
        "region": region_phrase,
        "country": country,
        "crop": crop,
        "crop_adj": SINGULAR.get(crop, crop),
        "fruit": fruit,
        "fruit_adj": SINGULAR.get(fruit, fruit),
        "day": when.strftime("%A"),
    }
    slots.update(_number_slots(rng, kind.get("nums", {})))
    expert_names = {part for name, _ in data["experts"].values() for part in name.split()}
    default = [("who lives in {town}", "resident of {town}")]
    for who, roles_key in (("p1", "roles"), ("p2", "roles2")):
        roles = kind.get(roles_key) or default
        avoid = expert_names | set(slots.get("p1", "").split())
        name = _person(rng, country, taken_names, avoid)
        role, title = rng.choice(roles)
        slots.update(
            {
                who: name,
                f"{who}_last": name.split()[-1],
                f"{who}_role": role.format(**slots),
                f"{who}_title": title.format(**slots),
            }
        )
    if kind.get("expert"):
        expert, role = data["experts"][kind["expert"]]
        slots.update(expert=expert, expert_last=expert.split()[-1], expert_role=role)
    return slots


def _plan_one(rng, index, section, kind, place, slots, title, when, now) -> ArticlePlan:
    paras = [_fill(p, slots, html=True) for p in kind["paras"]]
    subheads = [_fill(s, slots) for s in kind["subheads"]]
    body: list[tuple[str, object]] = [("paragraph", f"<p>{p}</p>") for p in paras[:2]]
    rest = paras[2:]
    body.append(("subheading", subheads[0]))
    body += [("paragraph", f"<p>{p}</p>") for p in rest[:2]]
    if len(rest) > 2:
        if len(subheads) > 1 and rng.random() < 0.7:
            body.append(("subheading", subheads[1]))
        body += [("paragraph", f"<p>{p}</p>") for p in rest[2:]]
    if kind["quotes"] and rng.random() < 0.75:
        # The quote follows the paragraph that introduces the speaker.
        text, who = rng.choice(kind["quotes"])
        speaker = escape(slots[who], quote=False)
        attribution = f"{slots[who]}, {slots[f'{who}_title']}"
        quote = ("quote", {"quote": _fill(text, slots), "attribution": attribution})
        paragraphs = (i for i, (t, value) in enumerate(body) if t == "paragraph")
        where = next((i for i in paragraphs if speaker in body[i][1]), 1)
        body.insert(where + 1, quote)
    summary = [_fill(s, slots) for s in kind["summary"]]
    summary = summary[: min(rng.choice((1, 2, 2, 3, 3)), len(summary))]

    _, _, region_tag, country = place
    if section == "opinion":  # comment is not about the random place its names come from
        tags = [(name, NewsTag.Kind.PLACE) for name in kind.get("place_tags", [])]
    else:
        tags = [(country, NewsTag.Kind.PLACE)]
        if region_tag and rng.random() < 0.7:
            tags.append((region_tag, NewsTag.Kind.PLACE))
    topics = list(kind["topics"])
    if section in TOPIC_TAG_FOR_SECTION and len(tags) + len(topics) < 4:
        topics.append(TOPIC_TAG_FOR_SECTION[section])
    tags += [(t, NewsTag.Kind.TOPIC) for t in topics]
    if kind.get("org"):
        tags.append((kind["org"], NewsTag.Kind.ORGANISATION))
    if kind.get("expert"):
        tags.append((slots["expert"], NewsTag.Kind.PERSON))
    tags = tags[:6]

    updated = None
    if rng.random() < 0.2:
        updated = when + timedelta(hours=rng.randint(2, 9), minutes=rng.randint(0, 59))
        updated = min(updated, now - timedelta(minutes=10))
        if updated <= when:
            updated = None
    return ArticlePlan(
        index=index,
        section=section,
        kind=kind["key"],
        title=title,
        social_headline=_fill(kind["social"], slots) if rng.random() < 0.45 else "",
        summary=summary,
        body=body,
        tags=tags,
        authors=[],
        scene=kind["scene"],
        palette=kind.get("palette"),
        caption=_fill(kind["caption"], slots),
        photographer=rng.choice(PHOTOGRAPHERS),
        first_published_at=when,
        updated_at=updated,
    )


def _add_authors(rng, plan, kind, section, region, authors_by_section):
    if kind.get("author"):
        plan.authors = [kind["author"]]
        return
    primary = rng.choice(authors_by_section[section])
    plan.authors = [primary]
    partners = [a for a in authors_by_section.get(region, []) if a != primary]
    if section == "afghanistan":
        partners = [a for a in authors_by_section["afghanistan"] if a != primary]
    if partners and rng.random() < 0.35:
        plan.authors.append(rng.choice(partners))


def _plan_showcase(rng, index, when, now) -> ArticlePlan:
    return ArticlePlan(
        index=index,
        section="afghanistan",
        kind="showcase",
        title=SHOWCASE["title"],
        social_headline=SHOWCASE["social"],
        summary=list(SHOWCASE["summary"]),
        body=[],  # written once the other articles and the media exist
        tags=list(SHOWCASE["tags"]),
        authors=list(SHOWCASE["authors"]),
        scene="mountains",
        palette="winter",
        caption=SHOWCASE["caption"],
        photographer=PHOTOGRAPHERS[0],
        first_published_at=when,
        updated_at=min(when + timedelta(hours=2), now - timedelta(minutes=5)),
        showcase=True,
    )


def _plan_developing_story(plans: list[ArticlePlan]) -> None:
    """The newest story from Afghanistan before the showcase becomes the developing
    story's article, published two hours before the showcase, with an update and a
    correction after it."""
    showcase = plans[-1]
    index = max(p.index for p in plans if p.section == "afghanistan" and not p.showcase)
    old = plans[index]
    when = showcase.first_published_at - timedelta(hours=2)
    notes = [
        (kind, when + timedelta(minutes=minutes), text)
        for kind, minutes, text in DEVELOPING["notes"]
    ]
    plans[index] = ArticlePlan(
        index=index,
        section="afghanistan",
        kind="developing",
        title=DEVELOPING["title"],
        social_headline=DEVELOPING["social"],
        summary=list(DEVELOPING["summary"]),
        body=list(DEVELOPING["body"]),
        tags=list(DEVELOPING["tags"]),
        authors=list(DEVELOPING["authors"]),
        scene="river",
        palette="overcast",
        caption=DEVELOPING["caption"],
        photographer=old.photographer,
        first_published_at=when,
        updated_at=notes[-1][1],
        related=old.related,
        notes=notes,
        story=True,
    )
    # It now comes later than it did: stories published before it cannot link to it.
    for plan in plans:
        if plan.first_published_at < when and index in plan.related:
            plan.related.remove(index)


def _relate(rng, plans: list[ArticlePlan], now) -> None:
    """0-3 earlier articles, preferring the same section, then the same parent."""
    parent = {slug: parent for slug, _, parent, _, _ in SECTIONS}
    for plan in plans:
        earlier = plans[: plan.index]
        if not earlier:
            continue
        same = [p.index for p in earlier if p.section == plan.section]
        near = [  # other regions of News
            p.index
            for p in earlier
            if parent[plan.section]
            and p.section != plan.section
            and parent[p.section] == parent[plan.section]
        ]
        if plan.showcase:
            plan.related = (same or [p.index for p in earlier])[-3:]
            continue
        wanted = rng.choice((0, 1, 1, 2, 2, 3))
        pool = same[-4:] + near[-3:]
        plan.related = sorted(rng.sample(pool, min(wanted, len(pool))))


def showcase_body(plan, link_to, related_to, body_photo, audio) -> list:
    link = f'<a linktype="page" id="{link_to.pk}">{escape(link_to.title, quote=False)}</a>'
    return [
        (
            "paragraph",
            "<p>Lorries and minibuses crossed the Kotal Khana pass in Parwan province on "
            f"{plan.first_published_at:%A} for the first time since early summer, after road "
            "crews finished rebuilding three washed-out sections of the mountain road. The "
            "38-kilometre route is the only paved link between a string of valley towns and "
            "the markets below.</p>",
        ),
        (
            "paragraph",
            "<p>Traders had warned that if the road stayed shut into winter, fruit and "
            "firewood would have to be carried over the pass by donkey. More from "
            f"Afghanistan: {link}.</p>",
        ),
        ("subheading", "Four months of work"),
        (
            "paragraph",
            "<p>The road was closed after a week of heavy rain loosened the slopes above it. "
            "Crews of up to 60 workers cleared rockfalls by hand where machines could not "
            "reach, and built stone retaining walls along the worst stretches. Mariam "
            "Haidari, a civil engineer who has worked on roads across the central highlands, "
            "said drainage channels under the road would stop water pooling on the new "
            "surface.</p>",
        ),
        (
            "quote",
            {
                "quote": "We used to lose a day each way. Now I can bring apricots down in the "
                "morning and be home by dark.",
                "attribution": "Habib Sultani, fruit trader from Deh Nawa",
            },
        ),
        (
            "image",
            {
                "image": body_photo,
                "alt": body_photo.description,
                "caption": "A new retaining wall on the upper section of the road.",
                "credit": f"Dateline/{PHOTOGRAPHERS[4]}",
            },
        ),
        (
            "audio",
            {
                "audio": audio,
                "title": "Sound from the pass: the first lorries cross",
                "transcript": "Demo recording: a three-second test tone stands in for field "
                "audio. In a real story this would be the reporter's voice or the sound of "
                "the first convoy crossing the pass.",
            },
        ),
        ("related_article", {"article": related_to, "label": ""}),
        (
            "embed",
            {
                "url": "https://example.org/posts/kotal-khana-road-reopening",
                "description": "Photos of the first convoy over the pass, posted by the "
                "valley's traders.",
                "source": "Kotal Khana Traders' Association",
            },
        ),
        (
            "paragraph",
            "<p>Two snowploughs and a store of gravel will be kept at a depot near the top of "
            "the pass from November. Drivers are asked to carry chains and to check the "
            "morning road report before setting out.</p>",
        ),
    ]
