"""Hand gold annotation of articles/05.txt (evaluation set; see docs/extraction.md)."""
from common import *
d = {
 "actors": [
  P("Steve Witkoff", "Person", None, ["Witkoff", "Steven Witkoff", "U.S. special envoy Steve Witkoff"]),
  P("Jared Kushner", "Person", None, ["Kushner"]),
  P("Vladimir Putin", "Person", "Q7747", ["Putin", "the Russian leader"]),
  P("Donald Trump", "Person", "Q22686", ["Trump", "President Donald Trump"]),
  P("Kremlin", "Organization", None, ["the Kremlin"]),
  P("Yuri Ushakov", "Person", None, ["Ushakov"]),
  P("Russia", "State", "Q159", ["Moscow", "Russian Federation"]),
  P("Ukraine", "State", "Q212", ["Kyiv"]),
  P("United States", "State", "Q30", ["Washington", "the Americans", "U.S.", "US"]),
  P("NATO", "Organization", None, ["North Atlantic Treaty Organization"]),
  P("Volodymyr Zelensky", "Person", "Q3874799", ["Zelensky", "Zelenskyy", "Volodymyr Zelenskyy", "the Ukrainian president"]),
  P("Marco Rubio", "Person", None, ["Rubio"]),
  P("Fox News", "Organization", None, []),
  P("Oleksandr Syrskyi", "Person", None, ["Syrskyi", "Syrskyy", "commander-in-chief"]),
 ],
 "optional_actors": [
  P("Armed Forces of Ukraine", "MilitaryUnit", None, ["Ukrainian army", "Ukrainian troops"]),
  P("Russian Armed Forces", "MilitaryUnit", None, ["Russian forces"]),
 ],
 "locations": [
  P("Washington", "City"), P("Kyiv", "City"), P("Moscow", "City", "Q649"),
  P("Donetsk region", "Region", None, ["Donetsk Oblast", "Donetsk"]), P("Donbas", "Region", None, ["Donbass"]),
  P("Dublin", "City"), P("Miami", "City"), P("Kostiantynivka", "City", None, ["Kostyantynivka"]),
  P("Siversk", "City"), P("Ukraine", "Country", "Q212"),
 ],
 "optional_locations": [P("United States", "Country", "Q30", ["U.S."]), P("Kremlin", "City", None, ["Moscow Kremlin"]), P("Russia", "Country", "Q159")],
 "statements": [
  S("Donald Trump", "says", False, "Trump says deal is “close”", [], [], "prediction"),
  S("Yuri Ushakov", "told", False, "Putin’s foreign policy aide Yuri Ushakov told reporters afterwards that the meeting was “useful” but that no compromise had yet been found on the territorial question.", [], [], "assessment"),
  S("Yuri Ushakov", "said", False, "He said the two sides had agreed not to disclose the details.", [], [], "claim"),
  S("Donald Trump", "said", False, "In Washington, President Donald Trump said his envoys had reported that the Russian leader “wants to end the war”.", ["Vladimir Putin"], [], "claim"),
  S("Donald Trump", "said", True, "“I think we are very close, closer than we have ever been,” Trump said.", [], [], "prediction"),
  S("Donald Trump", "warned", False, "He warned that he would impose new sanctions on Russian oil buyers if there was no agreement by Christmas.", [], [], "threat"),
  S("Yuri Ushakov", "said", False, "Ushakov said Moscow still demanded that Kyiv withdraw from the Donetsk region, which Russian officials call Donbas, and that it abandon its bid to join NATO.", ["Russia", "Ukraine", "NATO"], ["Donetsk region", "Donbas"], "demand"),
  S("Volodymyr Zelensky", "said", False, "Zelensky said he was ready to meet Trump “at any moment” to discuss the most difficult issues.", ["Donald Trump"], [], "claim"),
  S("Volodymyr Zelensky", "said", False, "Speaking in Dublin, the Ukrainian president said that Witkoff had promised to brief Ukraine’s negotiators in Miami on Thursday.", ["Steve Witkoff", "Ukraine"], ["Miami"], "claim"),
  S("Volodymyr Zelensky", "added", True, "“Ukraine has never been an obstacle to peace,” he added.", ["Ukraine"], [], "denial"),
  S("Volodymyr Zelensky", "(continuation of 'he added')", True, "“We want security guarantees that actually work.”", [], [], "demand"),
  S("Marco Rubio", "told", False, "Secretary of State Marco Rubio told Fox News that Washington would not sign anything that Ukraine had not approved.", ["United States", "Ukraine"], [], "claim"),
  S("Marco Rubio", "according to", False, "According to Rubio, the Americans have met the Ukrainian delegation three times in the past two weeks.", ["United States"], [], "claim"),
  S("Oleksandr Syrskyi", "said", False, "The Ukrainian army’s commander-in-chief, Oleksandr Syrskyi, meanwhile said that Russian forces had attacked in the Kostyantynivka direction 41 times over the past day.", [], ["Kostiantynivka"], "claim"),
  S("Oleksandr Syrskyi", "insisted", False, "He insisted that Ukrainian troops were holding their positions in Siversk.", [], ["Siversk"], "claim"),
 ],
 "optional_statements": [
  O("Kremlin", "The Kremlin has set its own conditions.", "demand", "cue-less summary"),
  O("Russia", "Ushakov said Moscow still demanded that Kyiv withdraw from the Donetsk region, which Russian officials call Donbas, and that it abandon its bid to join NATO.", "demand", "nested: Moscow's demand reported by Ushakov"),
  O("Steve Witkoff", "Speaking in Dublin, the Ukrainian president said that Witkoff had promised to brief Ukraine’s negotiators in Miami on Thursday.", "claim", "nested: Witkoff's promise reported by Zelensky"),
  O(None, "In Washington, President Donald Trump said his envoys had reported that the Russian leader “wants to end the war”.", "claim", "nested: envoys' report"),
 ],
 "negotiations": [
  {"name": "Witkoff–Putin talks in the Kremlin", "parties": ["United States", "Russia"], "aliases": ["five hours of talks", "the meeting", "Kremlin meeting"]},
  {"name": "US–Ukraine talks in Miami", "parties": ["United States", "Ukraine"], "aliases": ["Miami talks", "Ukrainian delegation"]},
 ],
}
write("05", d)
