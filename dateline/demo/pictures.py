"""The demo's pictures and sound, made by code: landscapes and portraits drawn
with Pillow, and a test tone standing in for field audio. Nothing is downloaded."""

import io
import math
import random
import struct
import wave

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1600, 900

PALETTES = {
    # sky top, sky at the horizon, sun, distant land, near land, phrase for alt text
    "dawn": ((70, 88, 150), (250, 196, 166), (255, 238, 205), (186, 160, 176), (52, 58, 74),
             "at dawn"),
    "noon": ((58, 128, 208), (186, 218, 240), (255, 253, 236), (150, 178, 196), (58, 98, 62),
             "under a clear blue sky"),
    "dusk": ((38, 40, 98), (246, 142, 84), (255, 204, 128), (166, 108, 118), (38, 30, 48),
             "at dusk"),
    "overcast": ((118, 128, 142), (202, 206, 210), None, (160, 166, 170), (70, 82, 76),
                 "under an overcast sky"),
    "winter": ((108, 148, 200), (226, 236, 246), (255, 250, 236), (206, 214, 228),
               (88, 100, 122), "in winter light"),
    "night": ((8, 12, 36), (38, 48, 88), (236, 236, 220), (48, 58, 88), (10, 12, 24),
              "at night"),
}  # fmt: skip
SCENE_PALETTES = {
    "mountains": ["dawn", "noon", "dusk", "winter", "overcast"],
    "hills": ["dawn", "noon", "dusk", "overcast"],
    "river": ["dawn", "noon", "dusk", "overcast"],
    "fields": ["dawn", "noon", "dusk"],
    "sea": ["dawn", "noon", "dusk", "overcast"],
    "city": ["dawn", "noon", "dusk", "overcast", "night"],
    "stadium": ["noon", "dusk", "night"],
    "observatory": ["night"],
    "stage": ["night"],
}


def _mix(a, b, t: float) -> tuple[int, int, int]:
    return tuple(int(round(x + (y - x) * t)) for x, y in zip(a, b, strict=True))


def _vertical_gradient(size, top, bottom) -> Image.Image:
    width, height = size
    column = Image.new("RGB", (1, height))
    column.putdata([_mix(top, bottom, y / max(height - 1, 1)) for y in range(height)])
    return column.resize((width, height), Image.Resampling.BILINEAR)


def _ridge(rng: random.Random, base: float, rough: float, steps: int = 8, peaks: int = 2):
    """A skyline by midpoint displacement: points across the full width.

    More ``peaks`` and a slower decay make jagged mountains; fewer, soft hills."""
    heights = [base + rng.uniform(-rough, rough) for _ in range(peaks)]
    amplitude, decay = rough, 0.5
    for _ in range(steps):
        refined = []
        for a, b in zip(heights, heights[1:], strict=False):
            refined += [a, (a + b) / 2 + rng.uniform(-amplitude, amplitude)]
        refined.append(heights[-1])
        heights, amplitude = refined, amplitude * decay
    last = len(heights) - 1
    return [(WIDTH * i / last, y) for i, y in enumerate(heights)]


def _land(draw, points, colour):
    draw.polygon(points + [(WIDTH, HEIGHT), (0, HEIGHT)], fill=colour)


def _sun(draw, rng, colour, low: bool = False):
    x = rng.randint(180, WIDTH - 180)
    y = rng.randint(330, 430) if low else rng.randint(110, 300)
    r = rng.randint(34, 70)
    for k in range(7, 0, -1):
        glow = r * (1 + k * 0.4)
        draw.ellipse((x - glow, y - glow, x + glow, y + glow), fill=(*colour, 16))
    draw.ellipse((x - r, y - r, x + r, y + r), fill=(*colour, 255))
    return x, y


def _stars(draw, rng, count=260, max_y=560):
    for _ in range(count):
        x, y = rng.uniform(0, WIDTH), rng.uniform(0, max_y)
        s = rng.choice((1, 1, 1, 2, 2, 3))
        draw.ellipse((x, y, x + s, y + s), fill=(255, 255, 240, rng.randint(120, 255)))


def _layers(draw, rng, palette, count, base, spacing, rough, snow=False, peaks=2):
    far, near = palette[3], palette[4]
    for i in range(count):
        t = i / max(count - 1, 1)
        colour = _mix(far, near, t)
        ridge = _ridge(rng, base + i * spacing, rough * (1 - 0.35 * t), peaks=peaks)
        if snow and i < 2:  # white caps: the same ridge, a band lower, in rock colour
            _land(draw, ridge, _mix((248, 250, 253), colour, 0.12 + 0.2 * i))
            ridge = [(x, y + 34 + rng.uniform(0, 26)) for x, y in ridge]
        _land(draw, ridge, colour)


def paint_scene(rng: random.Random, scene: str, palette_name: str | None = None):
    """A procedurally drawn landscape. Returns (JPEG bytes, alt text)."""
    palette_name = palette_name or rng.choice(SCENE_PALETTES[scene])
    pal = PALETTES[palette_name]
    sky_top, sky_low, sun_colour = pal[0], pal[1], pal[2]
    image = _vertical_gradient((WIDTH, HEIGHT), sky_top, sky_low)
    draw = ImageDraw.Draw(image, "RGBA")
    night = palette_name == "night"
    if scene == "stage":
        image = _stage(rng)
        what = "a stage lit by spotlights, with performers in silhouette"
    elif night:
        _stars(draw, rng)
    if sun_colour and scene != "stage":
        _sun(draw, rng, sun_colour, low=palette_name in ("dawn", "dusk"))

    if scene == "stage":
        pass
    elif scene == "mountains":
        snow = palette_name == "winter" or rng.random() < 0.4
        _layers(draw, rng, pal, 4, 360, 120, 190, snow=snow, peaks=6)
        what = "layered mountain ridges fading into haze"
    elif scene == "hills":
        _layers(draw, rng, pal, 4, 520, 85, 70)
        what = "rolling hills in overlapping bands"
    elif scene == "fields":
        _layers(draw, rng, pal, 2, 500, 60, 50)
        _fields(draw, rng, pal)
        what = "rows of crops in fields below low hills"
    elif scene == "river":
        _layers(draw, rng, pal, 3, 480, 90, 80)
        _river(draw, rng, pal)
        what = "a river winding between hills towards a footbridge"
    elif scene == "sea":
        _sea(image, draw, rng, pal)
        what = "a calm sea below a low coastline, with a small boat"
    elif scene == "city":
        _city(draw, rng, pal, night)
        what = "a town skyline with rows of windows"
    elif scene == "stadium":
        _stadium(image, draw, rng, pal)
        what = "a sports ground with floodlights and full stands"
    elif scene == "observatory":
        _layers(draw, rng, pal, 2, 640, 90, 60)
        _observatory(draw, rng, pal)
        what = "an observatory dome on a ridge under a starry sky"
    else:  # pragma: no cover - a programming error
        raise ValueError(f"Unknown scene {scene!r}")

    image = image.filter(ImageFilter.GaussianBlur(1.1))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    phrase = "" if scene == "stage" else f" {pal[5]}"
    return buffer.getvalue(), f"Illustration: {what}{phrase}."


def _fields(draw, rng, pal):
    horizon = 640
    ground = _mix(pal[4], (120, 150, 60), 0.45)
    draw.rectangle((0, horizon, WIDTH, HEIGHT), fill=ground)
    vanishing = rng.randint(500, 1100)
    tints = [_mix(ground, (200, 180, 90), 0.35), _mix(ground, (40, 70, 30), 0.35)]
    for i in range(-24, 25):
        x0 = vanishing + i * 12
        x1 = vanishing + i * 150
        draw.polygon(
            [(x0, horizon), (x0 + 6, horizon), (x1 + 70, HEIGHT), (x1, HEIGHT)],
            fill=tints[i % 2],
        )
    for _ in range(rng.randint(6, 14)):
        x, y = rng.uniform(0, WIDTH), rng.uniform(horizon - 20, horizon + 40)
        r = rng.uniform(12, 30)
        draw.ellipse((x - r, y - 2 * r, x + r, y), fill=_mix(pal[4], (20, 50, 20), 0.5))


def _river(draw, rng, pal):
    water = _mix(pal[1], (60, 100, 135), 0.65)
    x = rng.uniform(650, 950)
    left, right = [], []
    for y in range(560, HEIGHT + 20, 20):
        t = (y - 560) / (HEIGHT - 560)
        x += rng.uniform(-25, 25) + math.sin(t * 5) * 6
        half = 8 + t * t * 420
        left.append((x - half, y))
        right.append((x + half, y))
    draw.polygon(left + right[::-1], fill=water)
    for _ in range(40):
        y = rng.uniform(600, HEIGHT)
        cx = rng.uniform(0, WIDTH)
        draw.line((cx, y, cx + rng.uniform(20, 80), y), fill=(255, 255, 255, 60), width=2)
    # A footbridge across the near part of the river.
    y = rng.randint(700, 780)
    deck = _mix(pal[4], (30, 20, 10), 0.4)
    draw.line((0, y, WIDTH, y), fill=deck, width=10)
    for px in (WIDTH * 0.3, WIDTH * 0.7):
        draw.line((px, y, px, y - 120), fill=deck, width=8)
    draw.arc((WIDTH * 0.3, y - 200, WIDTH * 0.7, y + 80), 200, 340, fill=deck, width=4)


def _sea(image, draw, rng, pal):
    horizon = rng.randint(500, 580)
    _land(draw, _ridge(rng, horizon - 40, 40, steps=7), _mix(pal[3], pal[4], 0.4))
    sea_top, sea_low = _mix(pal[1], (30, 80, 120), 0.4), _mix(pal[0], (10, 30, 60), 0.5)
    sea = _vertical_gradient((WIDTH, HEIGHT - horizon), sea_top, sea_low)
    image.paste(sea, (0, horizon))
    for _ in range(90):
        y = rng.uniform(horizon + 5, HEIGHT)
        x = rng.uniform(0, WIDTH)
        length = 10 + (y - horizon) * 0.3
        draw.line((x, y, x + length, y), fill=(255, 255, 255, 55), width=2)
    bx, by = rng.uniform(200, WIDTH - 300), rng.uniform(horizon + 40, horizon + 140)
    hull = _mix(pal[4], (20, 20, 20), 0.5)
    draw.polygon([(bx, by), (bx + 120, by), (bx + 100, by + 22), (bx + 20, by + 22)], fill=hull)
    draw.polygon([(bx + 55, by - 90), (bx + 55, by - 4), (bx + 110, by - 4)], fill=(240, 236, 226))


def _city(draw, rng, pal, night):
    for layer, (base, colour_t) in enumerate(((560, 0.3), (680, 0.85))):
        colour = _mix(pal[3], pal[4], colour_t)
        x = -20
        while x < WIDTH:
            w = rng.randint(60, 160)
            h = rng.randint(80, 300 if layer == 0 else 220)
            top = base - h
            draw.rectangle((x, top, x + w, HEIGHT), fill=colour)
            if layer == 1:
                lit = (255, 214, 120, 230) if night else (*_mix(pal[1], (255, 255, 255), 0.3), 130)
                for wy in range(top + 16, base, 34):
                    for wx in range(x + 12, x + w - 18, 28):
                        if rng.random() < (0.55 if night else 0.8):
                            draw.rectangle((wx, wy, wx + 12, wy + 18), fill=lit)
            x += w + rng.randint(0, 18)
    draw.rectangle((0, 820, WIDTH, HEIGHT), fill=_mix(pal[4], (40, 40, 40), 0.5))
    for x in range(40, WIDTH, 140):
        draw.rectangle((x, 856, x + 70, 862), fill=(230, 230, 210, 200))


def _stadium(image, draw, rng, pal):
    stands = _mix(pal[4], (60, 60, 70), 0.4)
    draw.polygon([(0, 380), (WIDTH, 380), (WIDTH, 600), (0, 600)], fill=stands)
    crowd = [(200, 60, 60), (230, 230, 230), (60, 90, 180), (240, 200, 60), (40, 40, 40)]
    for _ in range(2600):
        x, y = rng.uniform(0, WIDTH), rng.uniform(395, 590)
        draw.ellipse((x, y, x + 5, y + 5), fill=(*rng.choice(crowd), 200))
    pitch_top, pitch_low = (70, 140, 70), (40, 110, 50)
    image.paste(_vertical_gradient((WIDTH, HEIGHT - 600), pitch_top, pitch_low), (0, 600))
    for i in range(8):
        if i % 2:
            y0 = 600 + i * 38
            draw.rectangle((0, y0, WIDTH, y0 + 38), fill=(255, 255, 255, 14))
    line = (240, 240, 240, 210)
    draw.line((0, 640, WIDTH, 640), fill=line, width=4)
    draw.line((WIDTH / 2, 640, WIDTH / 2, HEIGHT), fill=line, width=4)
    draw.ellipse((WIDTH / 2 - 220, 700, WIDTH / 2 + 220, 860), outline=line, width=4)
    for px in (140, WIDTH - 140):
        draw.line((px, 120, px, 380), fill=(90, 90, 96), width=10)
        draw.rectangle((px - 60, 90, px + 60, 130), fill=(250, 250, 230))
        draw.ellipse((px - 150, 30, px + 150, 190), fill=(255, 255, 230, 30))


def _observatory(draw, rng, pal):
    x, base = rng.randint(500, 1100), 640
    body = (210, 214, 222)
    draw.rectangle((x - 90, base - 110, x + 90, base + 10), fill=body)
    draw.pieslice((x - 110, base - 220, x + 110, base), 180, 360, fill=(232, 234, 240))
    draw.polygon(
        [(x - 14, base - 216), (x + 14, base - 216), (x + 18, base - 110), (x - 18, base - 110)],
        fill=(30, 34, 50),
    )


def _stage(rng):
    image = _vertical_gradient((WIDTH, HEIGHT), (14, 10, 24), (50, 22, 40))
    draw = ImageDraw.Draw(image, "RGBA")
    colours = [(255, 226, 160), (170, 200, 255), (255, 170, 190)]
    for i in range(3):
        x = 300 + i * 500 + rng.uniform(-80, 80)
        colour = colours[i % len(colours)]
        draw.polygon([(x - 30, 0), (x + 30, 0), (x + 240, 700), (x - 240, 700)], fill=(*colour, 38))
        draw.ellipse((x - 250, 660, x + 250, 740), fill=(*colour, 60))
    draw.rectangle((0, 700, WIDTH, HEIGHT), fill=(40, 26, 24))
    for _ in range(rng.randint(2, 4)):
        x = rng.uniform(250, WIDTH - 250)
        h = rng.uniform(240, 300)
        draw.ellipse((x - 26, 700 - h - 52, x + 26, 700 - h), fill=(8, 6, 12))
        draw.rounded_rectangle((x - 48, 700 - h, x + 48, 700), radius=30, fill=(8, 6, 12))
    for x in range(0, WIDTH, 24):  # the front rows of the audience
        draw.ellipse((x, 820 + (x // 24 % 2) * 12, x + 30, 880), fill=(4, 4, 8))
    return image


SKIN = [(241, 204, 170), (224, 172, 128), (198, 134, 90), (160, 102, 66), (110, 70, 48)]
HAIR = [(30, 24, 20), (60, 40, 28), (110, 76, 46), (150, 150, 150), (20, 20, 24)]
CLOTHES = [(44, 62, 96), (120, 40, 48), (40, 90, 80), (90, 90, 96), (150, 110, 60)]


def paint_portrait(rng: random.Random, name: str):
    """A faceless, illustrated head-and-shoulders portrait."""
    size = 800
    image = _vertical_gradient(
        (size, size),
        _mix((200, 210, 220), rng.choice(CLOTHES), 0.25),
        _mix((120, 130, 140), rng.choice(CLOTHES), 0.2),
    )
    draw = ImageDraw.Draw(image)
    skin, hair, clothes = rng.choice(SKIN), rng.choice(HAIR), rng.choice(CLOTHES)
    style = rng.choice(("short", "long", "scarf"))
    cx = size // 2
    if style == "scarf":
        scarf = rng.choice(CLOTHES[1:] + [(70, 50, 90)])
        draw.ellipse((cx - 200, 130, cx + 200, 620), fill=scarf)
    elif style == "long":
        draw.rounded_rectangle((cx - 175, 150, cx + 175, 600), radius=150, fill=hair)
    draw.ellipse((cx - 330, 560, cx + 330, 1080), fill=clothes)  # shoulders
    draw.rectangle((cx - 55, 440, cx + 55, 600), fill=_mix(skin, (0, 0, 0), 0.1))  # neck
    draw.ellipse((cx - 140, 190, cx + 140, 520), fill=skin)  # head
    if style == "short":
        draw.chord((cx - 150, 170, cx + 150, 420), 180, 360, fill=hair)
    elif style == "long":
        draw.chord((cx - 150, 175, cx + 150, 400), 180, 360, fill=hair)
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue(), f"Illustrated portrait of {name}."


def tone_wav(seconds: float = 3.0, frequency: float = 440.0, rate: int = 8000) -> bytes:
    """A short sine tone as a mono 16-bit WAV file, standing in for field audio."""
    frames = bytearray()
    total = int(seconds * rate)
    for n in range(total):
        fade = min(1.0, n / 400, (total - n) / 400)  # avoid clicks at either end
        sample = int(12000 * fade * math.sin(2 * math.pi * frequency * n / rate))
        frames += struct.pack("<h", sample)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return buffer.getvalue()
