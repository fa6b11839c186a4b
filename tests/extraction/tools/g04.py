"""Hand gold annotation of articles/04.txt (evaluation set; see docs/extraction.md)."""
from common import *
d = {
 "actors": [
  P("Kyrylo Budanov", "Person", None, ["Budanov", "the intelligence chief", "the general", "Kyrylo Budanov"]),
  P("Main Directorate of Intelligence of Ukraine", "Organization", None, ["HUR", "GUR", "Ukraine's military intelligence agency", "the intelligence agency", "Defence Intelligence of Ukraine"]),
  P("Russia", "State", "Q159", ["Moscow", "Russian Federation"]),
  P("Ukraine", "State", "Q212", ["Kyiv"]),
  P("The New York Times", "Organization", None, ["New York Times", "NYT"]),
  P("United States", "State", "Q30", ["Washington", "the Americans", "U.S.", "US"]),
  P("Valery Gerasimov", "Person", None, ["Gerasimov"]),
  P("Ivan Fedorov", "Person", None, ["Fedorov", "the regional governor"]),
  P("Ukrinform", "Organization", None, []),
  P("Ministry of Defence of Russia", "Organization", None, ["Russia's defence ministry", "Russian Defence Ministry"]),
  P("Kremlin", "Organization", None, ["the Kremlin"]),
  P("Dmitry Peskov", "Person", None, ["Peskov"]),
  P("Rustem Umerov", "Person", None, ["Umerov"]),
  P("National Security and Defence Council of Ukraine", "Organization", None, ["National Security and Defence Council", "NSDC", "National Security and Defense Council"]),
 ],
 "optional_actors": [
  P("Russian Armed Forces", "MilitaryUnit", None, ["Russian commanders"]),
  P("Armed Forces of Ukraine", "MilitaryUnit", None, ["Ukraine's drone units"]),
 ],
 "locations": [
  P("Zaporizhzhia", "City", None, ["Zaporizhzhia city", "Zaporizhzhia front", "Zaporizhia"]),
  P("Huliaipole", "City", None, ["Hulyaipole"]),
  P("Kherson", "City", None, ["Kherson direction"]),
  P("Melitopol", "City"),
  P("Russia", "Country", "Q159"), P("Ukraine", "Country", "Q212"),
  P("Washington", "City"), P("Moscow", "City", "Q649"),
 ],
 "optional_locations": [P("Zaporizhzhia Oblast", "Region", None, ["Zaporizhzhia region"])],
 "statements": [
  S("Kyrylo Budanov", "(headline colon)", False, "Budanov: Russia plans new offensive in Zaporizhzhia, but lacks reserves", ["Russia"], ["Zaporizhzhia"], "claim"),
  S("Kyrylo Budanov", "believes", False, "Kyrylo Budanov, the head of Ukraine’s military intelligence agency HUR, believes Russia is preparing a winter push in the south aimed at Huliaipole and the approaches to Zaporizhzhia city.", ["Russia"], ["Huliaipole", "Zaporizhzhia"], "prediction"),
  S("Kyrylo Budanov", "said", False, "In an interview with The New York Times, the intelligence chief said Moscow had moved several brigades from the Kherson direction to the Zaporizhzhia front in recent weeks.", ["Russia"], ["Kherson", "Zaporizhzhia"], "claim"),
  S("Kyrylo Budanov", "said", True, "“They want to show the Americans that they are still advancing,” Budanov said.", ["Russia", "United States"], [], "assessment"),
  S("Kyrylo Budanov", "(continuation of 'Budanov said')", True, "“But their reserves are not endless.”", ["Russia"], [], "assessment"),
  S("Kyrylo Budanov", "predicted", False, "He predicted that the offensive would stall by February.", [], [], "prediction"),
  S("Kyrylo Budanov", "according to", False, "According to Budanov, Russia is losing about 1,000 soldiers a day, and its recruitment no longer covers the losses.", ["Russia"], [], "claim"),
  S("Kyrylo Budanov", "said", False, "Budanov also said that Russian commanders had been ordered by Valery Gerasimov to take Hulyaipole before the end of the year.", ["Valery Gerasimov"], ["Huliaipole"], "claim"),
  S("Kyrylo Budanov", "added", False, "The general added that Ukraine’s drone units were hitting Russian logistics deep behind the front line, including near Melitopol.", ["Ukraine"], ["Melitopol"], "claim"),
  S("Ivan Fedorov", "told", False, "The regional governor, Ivan Fedorov, told Ukrinform that Russian glide bombs had struck Zaporizhzhia 14 times overnight.", [], ["Zaporizhzhia"], "claim"),
  S("Ivan Fedorov", "he said", False, "Three people were injured, he said.", [], [], "claim"),
  S("Dmitry Peskov", "dismissed", False, "Kremlin spokesman Dmitry Peskov has repeatedly dismissed Ukrainian intelligence assessments as “propaganda”.", [], [], "denial"),
  S("Kyrylo Budanov", "said", False, "Budanov said the intelligence agency was not involved in the talks with the Americans, but that its assessments were being shared with Rustem Umerov, the secretary of the National Security and Defence Council.", ["Main Directorate of Intelligence of Ukraine", "United States", "Rustem Umerov"], [], "claim"),
  S("Kyrylo Budanov", "he said:", True, "Asked whether the war could end this winter, he said: “I think a ceasefire is possible, but only if Washington keeps up the pressure on Moscow.”", ["United States", "Russia"], [], "prediction"),
 ],
 "optional_statements": [
  O("Valery Gerasimov", "Budanov also said that Russian commanders had been ordered by Valery Gerasimov to take Hulyaipole before the end of the year.", "deadline", "nested: Gerasimov's order reported by Budanov"),
  O("Ministry of Defence of Russia", "Russia’s defence ministry did not comment on Budanov’s remarks.", "other", "no comment"),
 ],
 "negotiations": [
  {"name": "Ukraine–United States talks", "parties": ["Ukraine", "United States"], "aliases": ["the talks with the Americans"]},
 ],
}
write("04", d)
