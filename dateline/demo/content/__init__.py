"""The demo's words: sections, places, people and the story kinds, as plain data.

Written for this project. The people, towns, companies and events are fictional;
regions and countries are real places used only as settings for invented,
everyday stories. Only literals live here; dateline.demo.plan turns them into
articles.

Each story kind is a small template for one sort of story. Slots:
  {town} {region} {country} {day} {crop}
  {p1} {p1_last} {p1_role} {p1_title}   a local person (and {p2}...)
  {expert} {expert_last} {expert_role}  a recurring specialist (tagged as a person)
  numbers from "nums" as {name}, and {name_w} spelled out when ten or less.
"paras": the first is the lede; each paragraph has two to four sentences.
The text never uses he/she: people are named by surname on second reference.
"""
